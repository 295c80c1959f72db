package dev.convoy.opencl.integer;

import org.jocl.cl_mem;

/**
 * One integer value resident on the device.
 *
 * @param mem     its buffer (possibly shared by reshapes of it; see {@link OpenClIntegerLayers})
 * @param count   elements, all samples
 * @param storage element type
 */
record DeviceInts(cl_mem mem, int count, IntStorage storage) {
    /** @return bytes it occupies */
    long bytes() {
        return (long) count * storage.bytes;
    }
}

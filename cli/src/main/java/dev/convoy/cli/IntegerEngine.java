package dev.convoy.cli;

import dev.convoy.integer.IntegerBackend;
import dev.convoy.hw.HardwareConfig;
import dev.convoy.hw.HardwareConfigs;
import dev.convoy.opencl.fpga.FpgaProgram;
import dev.convoy.opencl.runtime.OpenClContext;
import dev.convoy.opencl.integer.OpenClIntegerLayers;
import dev.convoy.quant.QuantizedModel;
import dev.convoy.sim.bittrue.BitTrueSimulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A quantized model's integer backend on the device {@code --device} names, with what must be closed
 * after it (backend first, then kernel set, then context).
 *
 * @param backend   the integer backend
 * @param where     where its layers run, for reports
 * @param resources everything to close, in order
 */
record IntegerEngine(IntegerBackend backend, String where, List<AutoCloseable> resources) implements AutoCloseable {

    /**
     * @param q      the quantized model
     * @param device cpu, sim or opencl (aparapi is refused by the caller)
     * @param binary a precompiled kernel set for the OpenCL device, or null
     * @param hw     the accelerator for sim
     * @param err    where a fallback to the CPU is announced
     * @return the engine
     */
    static IntegerEngine open(QuantizedModel q, DeviceChoice device, Path binary, String hw, PrintWriter err) {
        List<AutoCloseable> resources = new ArrayList<>();
        IntegerBackend b;
        String where;
        if (device.kind() == DeviceChoice.Kind.SIM) {
            HardwareConfig config = HardwareConfigs.load(hw);
            b = new IntegerBackend(q, Runtime.getRuntime().availableProcessors(), BitTrueSimulation.executor(q, config, null));
            where = "integer, convolutions on the simulated " + config.name() + " tiles";
        } else {
            OpenClContext cl = ModelRunner.openCl(device, err);
            if (cl == null) {
                b = new IntegerBackend(q);
                where = "integer reference";
            } else {
                resources.add(cl);
                try {
                    if (binary != null) {
                        FpgaProgram fpga = FpgaProgram.load(cl, binary);
                        resources.add(0, fpga);
                        b = new IntegerBackend(q, new OpenClIntegerLayers(cl, q, fpga));
                    } else {
                        b = new IntegerBackend(q, new OpenClIntegerLayers(cl, q));
                    }
                } catch (RuntimeException e) {
                    resources.forEach(IntegerEngine::closeQuietly);
                    throw e;
                }
                where = b.engine();
            }
        }
        resources.add(0, b);
        return new IntegerEngine(b, where, List.copyOf(resources));
    }

    /** Closes the backend, then the kernel set, then the context. */
    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing with the cause that matters
        }
    }
}

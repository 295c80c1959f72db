package dev.convoy.opencl.runtime;

import java.util.Locale;

/**
 * A hardware description (hw-config YAML) for an OpenCL device, filled from its device query. What OpenCL
 * does not report — MACs per compute unit per cycle, memory bandwidth and latency — is written with a
 * stated assumption and marked {@code [unknown: edit]} so the file says what to measure.
 */
public final class DeviceProfile {
    private DeviceProfile() {
    }

    /**
     * @param d a device
     * @return the YAML text (loads with HardwareConfigs)
     */
    public static String yaml(DeviceInfo d) {
        boolean gpu = d.type().equals("gpu");
        boolean nvidia = d.platform().toLowerCase(Locale.ROOT).contains("nvidia") || d.name().toLowerCase(Locale.ROOT).contains("nvidia");
        int lanesPerCu = gpu ? (nvidia ? 128 : 64) : 16;
        String lanesWhy = gpu ? (nvidia ? "FP32 lanes per SM on NVIDIA Ampere/Hopper [assumed]" : "SIMD lanes per compute unit [unknown: edit]")
                : "fp32 MACs per core per cycle: two AVX-512 FMA units [unknown: edit]";
        double bandwidth = gpu ? 1000 : 20;
        long local = Math.max(d.localMemBytes(), 1024);
        return String.format(Locale.ROOT, """
                # %s — profile written by `convoy devices --hw-config` from the OpenCL device query
                # platform: %s; driver %s; %s
                name: %s
                kind: %s
                clock_mhz: %d                 # CL_DEVICE_MAX_CLOCK_FREQUENCY [from query]
                word_bytes: 4                 # fp32
                pe_array:
                  lanes: %d                   # CL_DEVICE_MAX_COMPUTE_UNITS [from query]
                  vector: %d                  # %s
                  pipeline_depth: 1
                buffers:                      # CL_DEVICE_LOCAL_MEM_SIZE per work-group [from query], staged tiles
                  input_bytes: %d
                  weight_bytes: %d
                  output_bytes: %d
                  double_buffered: false
                dram:
                  bandwidth_gb_s: %.1f        # not in the OpenCL query [unknown: edit]
                  latency_cycles: 500         # [unknown: edit]
                  burst_bytes: 128            # [unknown: edit]
                source: "OpenCL device query of %s (%s global memory); bandwidth and MACs per compute unit assumed"
                """, d.name(), d.platform(), d.driver(), d.openclC(), slug(d.name()), d.type().equals("accelerator") ? "fpga" : d.type().equals("other") ? "cpu" : d.type(),
                d.clockMhz(), d.computeUnits(), lanesPerCu, lanesWhy, local, local, local, bandwidth, d.name().replace("\"", "'"),
                d.globalMemBytes() / (1 << 20) + " MiB");
    }

    private static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return t.isEmpty() ? "opencl-device" : t;
    }
}

package dev.convoy.cli;

import dev.convoy.BadInputException;
import java.util.Locale;

/**
 * Where a command runs a model, as {@code --device} names it.
 *
 * @param kind   the engine
 * @param opencl for {@link Kind#OPENCL}: the device number or a part of its name; else null
 */
record DeviceChoice(Kind kind, String opencl) {
    /** The engines a model can run on. */
    enum Kind {
        /** the Java reference loops (fp32 or integer) */
        CPU,
        /** the cycle-approximate accelerator simulator, tile by tile (integer precisions) */
        SIM,
        /** an OpenCL device through Convoy's kernels */
        OPENCL,
        /** Aparapi kernels (fp32), on Aparapi's preferred OpenCL device or its Java thread pool */
        APARAPI
    }

    /** what --device accepts, for help texts and messages */
    static final String VALUES = "cpu, sim, aparapi, opencl, opencl:N, opencl:NAME";

    /**
     * @param binary --binary, or null
     * @throws BadInputException when a precompiled kernel set is given for a device that is not OpenCL
     */
    void checkBinary(java.nio.file.Path binary) {
        if (binary != null && kind != Kind.OPENCL) {
            throw new BadInputException("--binary " + binary + " needs --device opencl[:N|:NAME] (the device it was built for)");
        }
    }

    /**
     * @param device the option's value
     * @return the choice
     */
    static DeviceChoice parse(String device) {
        String d = device.trim();
        String lower = d.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "cpu":
                return new DeviceChoice(Kind.CPU, null);
            case "sim":
                return new DeviceChoice(Kind.SIM, null);
            case "aparapi":
                return new DeviceChoice(Kind.APARAPI, null);
            case "opencl":
                return new DeviceChoice(Kind.OPENCL, "0");
            default:
                if (lower.startsWith("opencl:") && d.length() > 7) {
                    return new DeviceChoice(Kind.OPENCL, d.substring(7));
                }
                throw new BadInputException("--device " + device + " is not one of " + VALUES);
        }
    }
}

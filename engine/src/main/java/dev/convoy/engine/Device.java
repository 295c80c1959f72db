package dev.convoy.engine;

import dev.convoy.BadInputException;
import java.util.Locale;

/**
 * Where a model runs, parsed from one text form in one place: {@code cpu} (the fast CPU engine), {@code reference} (the reference loops), {@code sim} or {@code sim:HW},
 * {@code aparapi}, {@code opencl}, {@code opencl:N} or {@code opencl:NAME}.
 *
 * @param kind     the engine family
 * @param selector for {@link Kind#OPENCL}: the device number or a part of its name ({@code "0"} for plain
 *                 {@code opencl}); for {@link Kind#SIM}: the accelerator (a preset, a YAML file or a systolic
 *                 spec), or null for the caller's default; else null
 */
public record Device(Kind kind, String selector) {
    /** The engine families a model can run on. */
    public enum Kind {
        /** the Java reference loops (fp32 or integer) */
        CPU,
        /** The reference loops (fp32 reference, integer reference): the judges, not built for speed. */
        REFERENCE,
        /** the cycle-approximate accelerator simulator: integer convolutions tile by tile, timing from its cycle model */
        SIM,
        /** Aparapi kernels (fp32), on Aparapi's preferred OpenCL device or its Java thread pool */
        APARAPI,
        /** an OpenCL device through Convoy's kernels */
        OPENCL
    }

    /** The text forms {@link #parse} accepts, for help texts and messages. */
    public static final String FORMS = "cpu, reference, sim[:HW], aparapi, opencl, opencl:N, opencl:NAME, opencl:N,M,... (several), opencl:all";

    /** The accelerator {@code sim} means when none is named. */
    public static final String DEFAULT_ACCELERATOR = "zhang15-vc707";

    /** Checks the selector fits the kind. */
    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is null");
        }
        if ((kind == Kind.CPU || kind == Kind.REFERENCE || kind == Kind.APARAPI) && selector != null) {
            throw new IllegalArgumentException(kind + " takes no selector");
        }
        if (kind == Kind.OPENCL && (selector == null || selector.isBlank())) {
            throw new IllegalArgumentException("an OpenCL device needs a number or a name");
        }
    }

    /** @return the Java reference loops */
    public static Device cpu() {
        return new Device(Kind.CPU, null);
    }

    /**
     * @param numberOrName an OpenCL device number (as {@code convoy devices} lists them) or a part of its name
     * @return that OpenCL device
     */
    /** @return the reference loops on the host: the judges other devices are compared with */
    public static Device reference() {
        return new Device(Kind.REFERENCE, null);
    }

    public static Device opencl(String numberOrName) {
        return new Device(Kind.OPENCL, numberOrName);
    }

    /**
     * @param accelerator a preset, YAML file or systolic spec, or null for {@link #DEFAULT_ACCELERATOR}
     * @return the simulator of that accelerator
     */
    public static Device sim(String accelerator) {
        return new Device(Kind.SIM, accelerator);
    }

    /** @return Aparapi */
    public static Device aparapi() {
        return new Device(Kind.APARAPI, null);
    }

    /**
     * @param text one of {@link #FORMS}, case-insensitive in the kind
     * @return the device
     * @throws BadInputException naming the text when it is none of them
     */
    public static Device parse(String text) {
        String t = text == null ? "" : text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String head = colon < 0 ? lower : lower.substring(0, colon);
        String tail = colon < 0 ? null : t.substring(colon + 1).trim();
        if (tail != null && tail.isEmpty()) {
            throw new BadInputException(text + " is not one of " + FORMS);
        }
        switch (head) {
            case "cpu":
                if (tail == null) {
                    return cpu();
                }
                break;
            case "aparapi":
                if (tail == null) {
                    return aparapi();
                }
                break;
            case "reference":
                if (tail == null) {
                    return reference();
                }
                break;
            case "sim":
                return sim(tail);
            case "opencl":
                return opencl(tail == null ? "0" : tail);
            default:
                break;
        }
        throw new BadInputException(text + " is not one of " + FORMS);
    }

    /**
     * @return whether this names several OpenCL devices that share each batch ({@code opencl:0,1}, {@code opencl:all})
     */
    public boolean several() {
        return kind == Kind.OPENCL && (selector.contains(",") || selector.equalsIgnoreCase("all"));
    }

    /** @return the accelerator a {@code sim} device models ({@link #DEFAULT_ACCELERATOR} when none was named) */
    public String accelerator() {
        return selector == null ? DEFAULT_ACCELERATOR : selector;
    }

    /** @return the text form {@link #parse} reads back */
    @Override
    public String toString() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return selector == null ? k : k + ":" + selector;
    }
}

package dev.convoy.cli;

import dev.convoy.engine.Model;
import dev.convoy.engine.Provenance;
import dev.convoy.schedule.ConvLayer;
import dev.convoy.schedule.Stage;
import dev.convoy.schedule.Workloads;
import dev.convoy.sim.Networks;
import java.nio.file.Path;
import java.util.List;

/**
 * What plan, simulate and explore put on the accelerator: a model file's layers (the integer layers of a
 * quantized model) or a built-in network's shapes named {@code net:NAME}.
 *
 * @param name   the name reports use (the file name, or {@code net:NAME})
 * @param model  the loaded model, or null for a built-in network
 * @param stages every layer as the simulator costs it, in execution order
 */
record SimulatedNetwork(String name, Model model, List<Stage> stages) {
    /** The prefix of a built-in network's name in place of a model file. */
    static final String NET = "net:";

    /**
     * @param argument the MODEL argument
     * @return whether it names a built-in network rather than a file
     */
    static boolean isBuiltIn(Path argument) {
        return argument.toString().startsWith(NET);
    }

    /**
     * @param argument the MODEL argument
     * @param files    how model files are loaded
     * @return the network it names
     */
    static SimulatedNetwork open(Path argument, ModelFileOptions files) {
        if (isBuiltIn(argument)) {
            return new SimulatedNetwork(argument.toString(), null, Networks.named(argument.toString().substring(NET.length())));
        }
        Model m = files.load(argument);
        return new SimulatedNetwork(argument.getFileName().toString(), m,
                m.isQuantized() ? Workloads.of(m.quantized()) : Workloads.of(m.optimized()));
    }

    /**
     * @param batch images per run
     * @return the convolution-like stages, batched as a tiled array runs them
     */
    List<ConvLayer> convs(int batch) {
        return stages.stream().filter(s -> s instanceof ConvLayer).map(s -> ((ConvLayer) s).batched(batch)).toList();
    }

    /**
     * @param hardware the simulated hardware
     * @return the provenance of a report on this network
     */
    Provenance provenance(String hardware) {
        return model == null ? Provenance.ofShapes(name, hardware) : Provenance.of(model, null, null, hardware);
    }
}

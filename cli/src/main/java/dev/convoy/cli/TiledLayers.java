package dev.convoy.cli;

import dev.convoy.schedule.Stage;
import dev.convoy.schedule.Workloads;
import dev.convoy.sim.Networks;
import java.nio.file.Path;

import dev.convoy.engine.Model;
import dev.convoy.schedule.ConvLayer;
import java.util.List;

/** The layers plan, simulate and explore put on the accelerator. */
final class TiledLayers {
    private TiledLayers() {
    }

    /** The prefix of a built-in network's name in place of a model file. */
    static final String NET = "net:";

    /**
     * @param model the MODEL argument
     * @return whether it names a built-in network ({@code net:resnet50}) rather than a file
     */
    static boolean isBuiltIn(Path model) {
        return model.toString().startsWith(NET);
    }

    /**
     * @param model the MODEL argument naming a built-in network
     * @return its stages
     */
    static List<Stage> builtIn(Path model) {
        return Networks.named(model.toString().substring(NET.length()));
    }

    /** @return every layer of the model as the simulator costs it (integer layers of a quantized model) */
    static List<Stage> stages(Model m) {
        return m.isQuantized() ? Workloads.of(m.quantized()) : Workloads.of(m.optimized());
    }

    /** @return the convolution-like stages */
    static List<ConvLayer> convs(List<Stage> stages) {
        return stages.stream().filter(s -> s instanceof ConvLayer).map(s -> (ConvLayer) s).toList();
    }

    /** @return the integer convolutions of a quantized model, else the Conv and Gemm layers after the passes */
    static List<ConvLayer> of(Model m) {
        return m.isQuantized() ? ConvLayer.of(m.quantized()) : ConvLayer.of(m.optimized());
    }
}

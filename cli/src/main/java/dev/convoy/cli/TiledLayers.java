package dev.convoy.cli;

import dev.convoy.engine.Model;
import dev.convoy.schedule.ConvLayer;
import java.util.List;

/** The layers plan, simulate and explore put on the accelerator. */
final class TiledLayers {
    private TiledLayers() {
    }

    /** @return the integer convolutions of a quantized model, else the Conv and Gemm layers after the passes */
    static List<ConvLayer> of(Model m) {
        return m.isQuantized() ? ConvLayer.of(m.quantized()) : ConvLayer.of(m.optimized());
    }
}

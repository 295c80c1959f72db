/**
 * Cost models of the compute arrays, one per dataflow family, with the same methods: {@link dev.convoy.sim.compute.TiledArrayModel} (Zhang'15 / PipeCNN tiled PE arrays with DMA and double buffering) and {@link dev.convoy.sim.compute.SystolicModel} (SCALE-Sim v2's output-, weight- and input-stationary arrays). Enters: a layer's shape and a hardware description; leaves: a {@link dev.convoy.sim.report.LayerReport}.
 */
package dev.convoy.sim.compute;

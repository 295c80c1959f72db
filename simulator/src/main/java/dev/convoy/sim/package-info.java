/**
 * The cycle-approximate accelerator simulator. {@link dev.convoy.sim.Simulator} costs each layer of a
 * {@link dev.convoy.schedule.Plan}: tiled PE arrays tile by tile with DMA, double buffering and pipeline fill
 * ({@code compute.TiledArrayModel}), systolic arrays by SCALE-Sim's dataflow model ({@code
 * compute.SystolicModel}). Leaves: a {@link dev.convoy.sim.report.SimulationReport}.
 */
package dev.convoy.sim;

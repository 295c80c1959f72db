/**
 * What the simulator reports: one {@link dev.convoy.sim.report.LayerReport} row per layer (cycles, stalls by cause, DRAM and SRAM traffic, units in the names) and the {@link dev.convoy.sim.report.SimulationReport} of a model, as text and JSON from the same records.
 */
package dev.convoy.sim.report;

/**
 * Design-space exploration: sweep a tiled array's lanes × vector, simulate every design, keep the Pareto
 * sets of latency against PEs and against on-chip bytes
 * (drawn by {@code dev.convoy.chart.ParetoCharts} in the report module).
 */
package dev.convoy.sim.explore;

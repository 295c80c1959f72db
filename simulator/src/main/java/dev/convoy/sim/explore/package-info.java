/**
 * Design-space exploration: sweep a tiled array's lanes × vector, simulate every design, keep the Pareto
 * sets of latency against PEs and against on-chip bytes, and draw them as SVG.
 */
package dev.convoy.sim.explore;

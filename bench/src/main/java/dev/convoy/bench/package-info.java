/**
 * JMH benchmarks: {@link dev.convoy.bench.EngineBench} (any engine of the Engine API on the fixtures), the simulator's timing ({@link dev.convoy.bench.SimulatorBench}) and bit-true runs ({@link dev.convoy.bench.BitTrueBench}).
 */
package dev.convoy.bench;

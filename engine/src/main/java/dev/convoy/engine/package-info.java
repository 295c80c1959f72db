/**
 * The Engine API: open a {@link dev.convoy.engine.Model} on a {@link dev.convoy.engine.Device} at a
 * {@link dev.convoy.engine.Precision} through {@link dev.convoy.engine.Engines}, run batches and read per-layer
 * times from the {@link dev.convoy.engine.Engine}, and stamp reports with {@link dev.convoy.engine.Provenance}.
 * The command line, the tests, the benchmarks and users' own code all enter here.
 */
package dev.convoy.engine;

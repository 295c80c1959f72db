/**
 * Per-layer tile search: {@link dev.convoy.opencl.tuning.Tuner} times every candidate tile and algorithm of each distinct conv/FC shape on a device (OpenCL event time) and keeps the fastest in the {@code TuningDatabase}.
 */
package dev.convoy.opencl.tuning;

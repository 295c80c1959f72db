/**
 * Tiling: convolution-like layers ({@link dev.convoy.schedule.ConvLayer}) mapped onto a hardware
 * configuration. For a tiled PE array the {@link dev.convoy.schedule.Scheduler} chooses ⟨Tm, Tn, Tr, Tc⟩ by
 * Zhang et al.'s roofline method (FPGA 2015) or takes a fixed tiling; the result is an immutable {@link
 * dev.convoy.schedule.Plan} that the simulator (and later the OpenCL backend) executes.
 */
package dev.convoy.schedule;

/**
 * SCALE-Sim v2's user-bandwidth mode: a trace-driven run of a systolic array's demand through double-buffered
 * SRAMs that fetch from and drain to DRAM at a given number of words per cycle, giving the stall cycles the
 * stall-free model ({@link dev.convoy.sim.compute.SystolicModel}) leaves out. Enters: a layer's operands
 * ({@link dev.convoy.sim.bandwidth.OperandAddresses}) and a systolic array; flows: the demand
 * ({@link dev.convoy.sim.bandwidth.SystolicDemand}) through the SRAM models; leaves: an
 * {@link dev.convoy.sim.bandwidth.InterfaceBandwidthModel.Run} or a layer report.
 */
package dev.convoy.sim.bandwidth;

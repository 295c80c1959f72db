package dev.convoy.hw;

/** Which operand stays in a systolic array's PEs (SCALE-Sim's three dataflows). */
public enum Dataflow {
    /** output stationary: each PE accumulates one output pixel of one filter */
    OS,
    /** weight stationary: each PE holds one weight; inputs stream through */
    WS,
    /** input stationary: each PE holds one input element; weights stream through */
    IS
}

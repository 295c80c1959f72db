package dev.convoy.schedule;

/**
 * One step of a network as the simulator costs it: a convolution-like layer on the compute array
 * ({@link ConvLayer}) or a pass that only moves data ({@link MemoryPass}).
 */
public sealed interface Stage permits ConvLayer, MemoryPass {
    /** @return the node's name */
    String name();

    /** @return the operator it came from */
    String op();
}

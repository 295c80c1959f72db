package dev.convoy.graph;

/** How {@link Pad} fills the border. */
public enum PadMode {
    /** a constant value */
    CONSTANT,
    /** mirror without repeating the edge: (a b c) → b | a b c | b */
    REFLECT,
    /** repeat the edge value */
    EDGE
}

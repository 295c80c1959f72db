package dev.convoy.graph;

/** How a pooling window reduces its elements. */
public enum PoolKind {
    /** the largest element (padding never wins) */
    MAX,
    /** the mean of the elements */
    AVERAGE
}

package dev.convoy.graph;

/** What {@link Reduce} computes over its axes. */
public enum ReduceKind {
    /** arithmetic mean (ReduceMean) */
    MEAN("ReduceMean"),
    /** largest element (ReduceMax) */
    MAX("ReduceMax"),
    /** smallest element (ReduceMin) */
    MIN("ReduceMin"),
    /** sum (ReduceSum) */
    SUM("ReduceSum");

    private final String onnxName;

    ReduceKind(String onnxName) {
        this.onnxName = onnxName;
    }

    /** @return the ONNX operator name */
    public String onnxName() {
        return onnxName;
    }
}

package dev.convoy.graph;

/** The elementwise arithmetic of {@link Binary}. */
public enum BinaryKind {
    /** a + b */
    ADD("Add", 0),
    /** a − b */
    SUB("Sub", 1),
    /** a · b */
    MUL("Mul", 2),
    /** a / b (IEEE: division by zero gives ±inf or NaN, as in ONNX Runtime) */
    DIV("Div", 3),
    /** max(a, b) (ONNX Max of two inputs; NaN if either is NaN) */
    MAX("Max", 4),
    /** min(a, b) (ONNX Min of two inputs) */
    MIN("Min", 5);

    private final String onnxName;
    private final int kernelCode;

    BinaryKind(String onnxName, int kernelCode) {
        this.onnxName = onnxName;
        this.kernelCode = kernelCode;
    }

    /** @return {@code OP} in {@code eltwise_f32.cl} (an explicit constant: reordering the constants must not change it) */
    public int kernelCode() {
        return kernelCode;
    }

    /** @return the ONNX operator name */
    public String onnxName() {
        return onnxName;
    }

    /**
     * @param a left operand
     * @param b right operand
     * @return the result in fp32
     */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}

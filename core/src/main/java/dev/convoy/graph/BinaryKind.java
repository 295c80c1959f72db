package dev.convoy.graph;

/** The elementwise arithmetic of {@link Binary}. */
public enum BinaryKind {
    /** a + b */
    ADD("Add"),
    /** a − b */
    SUB("Sub"),
    /** a · b */
    MUL("Mul"),
    /** a / b (IEEE: division by zero gives ±inf or NaN, as in ONNX Runtime) */
    DIV("Div");

    private final String onnxName;

    BinaryKind(String onnxName) {
        this.onnxName = onnxName;
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
        };
    }
}

package dev.convoy.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import dev.convoy.BadInputException;
import dev.convoy.Printable;
import dev.convoy.graph.Activation;
import dev.convoy.graph.BinaryKind;
import dev.convoy.graph.Graph;
import dev.convoy.graph.PoolKind;
import dev.convoy.graph.ReduceKind;
import dev.convoy.graph.Value;
import dev.convoy.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Reads an ONNX model (opsets 11–18) into a {@link Graph}. Every problem — not a file, not ONNX, truncated,
 * unsupported operators (all listed at once), external weights, absurd shapes — becomes a one-line
 * {@link BadInputException} naming the file and the node or field.
 */
public final class OnnxImporter {
    /** Oldest default-domain opset Convoy reads. */
    public static final int MIN_OPSET = 11;
    /** Newest default-domain opset Convoy reads. */
    public static final int MAX_OPSET = 18;

    private static final Map<String, BiConsumer<OnnxNode, ImportState>> TRANSLATORS = new LinkedHashMap<>();

    static {
        TRANSLATORS.put("Conv", WindowTranslator::conv);
        TRANSLATORS.put("MaxPool", (n, s) -> WindowTranslator.pool(n, s, PoolKind.MAX));
        TRANSLATORS.put("AveragePool", (n, s) -> WindowTranslator.pool(n, s, PoolKind.AVERAGE));
        TRANSLATORS.put("GlobalAveragePool", (n, s) -> WindowTranslator.globalPool(n, s, PoolKind.AVERAGE));
        TRANSLATORS.put("GlobalMaxPool", (n, s) -> WindowTranslator.globalPool(n, s, PoolKind.MAX));
        TRANSLATORS.put("BatchNormalization", LinearTranslator::batchNorm);
        TRANSLATORS.put("Gemm", LinearTranslator::gemm);
        TRANSLATORS.put("MatMul", LinearTranslator::matMul);
        TRANSLATORS.put("Relu", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Relu()));
        TRANSLATORS.put("Sigmoid", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Sigmoid()));
        TRANSLATORS.put("LeakyRelu", ElementwiseTranslator::leakyRelu);
        TRANSLATORS.put("HardSigmoid", (n, s) -> ElementwiseTranslator.activation(n, s,
                new Activation.HardSigmoid(n.getFloat("alpha", 0.2f), n.getFloat("beta", 0.5f))));
        TRANSLATORS.put("HardSwish", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.HardSwish()));
        TRANSLATORS.put("Tanh", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Tanh()));
        TRANSLATORS.put("Clip", ElementwiseTranslator::clip);
        for (BinaryKind k : List.of(BinaryKind.ADD, BinaryKind.SUB, BinaryKind.MUL, BinaryKind.DIV)) {
            TRANSLATORS.put(k.onnxName(), (n, s) -> ElementwiseTranslator.binary(n, s, k));
        }
        TRANSLATORS.put("Flatten", TensorTranslator::flatten);
        TRANSLATORS.put("Reshape", TensorTranslator::reshape);
        TRANSLATORS.put("Concat", TensorTranslator::concat);
        TRANSLATORS.put("Pad", TensorTranslator::pad);
        TRANSLATORS.put("Softmax", TensorTranslator::softmax);
        TRANSLATORS.put("Identity", TensorTranslator::passThrough);
        TRANSLATORS.put("Transpose", MovementTranslator::transpose);
        TRANSLATORS.put("Slice", MovementTranslator::slice);
        TRANSLATORS.put("Split", MovementTranslator::split);
        TRANSLATORS.put("Gather", MovementTranslator::gather);
        TRANSLATORS.put("Squeeze", MovementTranslator::squeeze);
        TRANSLATORS.put("Unsqueeze", MovementTranslator::unsqueeze);
        for (ReduceKind k : ReduceKind.values()) {
            TRANSLATORS.put(k.onnxName(), (n, s) -> ReductionTranslator.reduce(n, s, k));
        }
        TRANSLATORS.put("Max", (n, s) -> ReductionTranslator.variadic(n, s, BinaryKind.MAX));
        TRANSLATORS.put("Min", (n, s) -> ReductionTranslator.variadic(n, s, BinaryKind.MIN));
        TRANSLATORS.put("Sum", (n, s) -> ReductionTranslator.variadic(n, s, BinaryKind.ADD));
        TRANSLATORS.put("Mean", ReductionTranslator::mean);
        TRANSLATORS.put("Resize", ResizeTranslator::resize);
        TRANSLATORS.put("ConvTranspose", WindowTranslator::convTranspose);
        TRANSLATORS.put("Exp", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Exp()));
        TRANSLATORS.put("Log", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Log()));
        TRANSLATORS.put("Abs", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Abs()));
        TRANSLATORS.put("Neg", (n, s) -> ElementwiseTranslator.activation(n, s, new Activation.Neg()));
        TRANSLATORS.put("Dropout", TensorTranslator::passThrough);
    }

    private OnnxImporter() {
    }

    /** @return whether the operator, evaluated at import on constants, also has an IR form for computed tensors */
    static boolean translatesComputed(String type) {
        return TRANSLATORS.containsKey(type);
    }

    /** @return every ONNX operator type the importer accepts, sorted */
    public static Set<String> supportedOperators() {
        Set<String> ops = new java.util.TreeSet<>(TRANSLATORS.keySet());
        ops.addAll(ShapeArithmetic.CONSTANT_ONLY);
        return ops;
    }

    /**
     * @param file a {@code .onnx} file
     * @return the model as an IR graph (no passes applied)
     * @throws BadInputException with a one-line reason naming the file
     */
    public static Graph load(Path file) {
        return load(file, null);
    }

    /**
     * @param file        a {@code .onnx} file
     * @param sampleShape per-sample input shape to use where the model leaves non-batch dimensions symbolic,
     *                    or null
     * @return the model as an IR graph (no passes applied)
     * @throws BadInputException with a one-line reason naming the file
     */
    public static Graph load(Path file, Shape sampleShape) {
        ModelProto model = read(file);
        try {
            return translate(model, file.getFileName().toString().replaceFirst("\\.onnx$", ""), sampleShape);
        } catch (BadInputException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param in    the model's bytes
     * @param label a name for messages
     * @return the model as an IR graph
     */
    public static Graph load(InputStream in, String label) {
        try {
            return translate(parse(in.readAllBytes(), label), label, null);
        } catch (IOException e) {
            throw new BadInputException(label + ": cannot read: " + e.getMessage(), e);
        } catch (BadInputException e) {
            throw new BadInputException(label + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param file a {@code .onnx} file
     * @return its bytes
     * @throws BadInputException naming the file when it is missing, a directory, too large or unreadable
     */
    public static byte[] readBytes(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file + ": is a directory, not an ONNX model file");
            }
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 64) {
                throw new BadInputException(file + ": " + size + " bytes is more than a single ONNX protobuf can hold");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return bytes;
    }

    /**
     * @param file a {@code .onnx} file
     * @return the parsed protobuf
     * @throws BadInputException naming the file for anything unreadable
     */
    public static ModelProto read(Path file) {
        return parse(readBytes(file), file.toString());
    }

    /**
     * @param bytes a model's bytes
     * @param label the file (or resource) name, for messages
     * @return the parsed protobuf, checked to hold a graph
     * @throws BadInputException naming the label for anything unreadable
     */
    public static ModelProto parse(byte[] bytes, String label) {
        if (bytes.length == 0) {
            throw new BadInputException(label + ": empty file, not an ONNX model");
        }
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(64);
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new BadInputException(label + ": not a valid ONNX model (corrupt or truncated protobuf: "
                    + e.getMessage().replace('\n', ' ') + ")", e);
        } catch (RuntimeException e) {
            throw new BadInputException(label + ": not a valid ONNX model (" + e + ")", e);
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new BadInputException(label + ": not an ONNX model (no IR version or no graph nodes)");
        }
        return model;
    }

    private static int opset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                long v = o.getVersion();
                if (v < MIN_OPSET || v > MAX_OPSET) {
                    throw new BadInputException("opset " + v + " is not supported (" + MIN_OPSET + "–" + MAX_OPSET
                            + "); re-export with opset_version between them");
                }
                return (int) v;
            }
        }
        throw new BadInputException("no default-domain opset_import; not a model Convoy can read");
    }

    /**
     * @param model       a parsed model
     * @param name        the graph's name (usually the file name without {@code .onnx})
     * @param sampleShape per-sample input shape where the model leaves non-batch dimensions symbolic, or null
     * @return the model as an IR graph (no passes applied)
     * @throws BadInputException with a one-line reason (the caller adds the file)
     */
    public static Graph translate(ModelProto model, String name, Shape sampleShape) {
        return translate(model, name, sampleShape, ImportPolicy.STRICT);
    }

    /**
     * @param model       a parsed model
     * @param name        the graph's name (usually the file name without {@code .onnx})
     * @param sampleShape per-sample input shape where the model leaves non-batch dimensions symbolic, or null
     * @param policy      what is tolerated beyond a well-formed model
     * @return the model as an IR graph (no passes applied)
     * @throws BadInputException with a one-line reason (the caller adds the file)
     */
    public static Graph translate(ModelProto model, String name, Shape sampleShape, ImportPolicy policy) {
        int opset = opset(model);
        GraphProto g = model.getGraph();
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(new OnnxNode(g.getNode(i), i, opset));
        }
        rejectUnsupported(g);
        Set<String> initNames = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initNames.add(t.getName());
        }
        List<Value> inputs = new ArrayList<>();
        long staticBatch = -1;
        for (ValueInfoProto vi : g.getInputList()) {
            if (initNames.contains(vi.getName())) {
                continue; // older exporters list initializers as inputs too
            }
            Input in = input(vi, sampleShape);
            inputs.add(in.value);
            staticBatch = in.staticBatch;
        }
        if (inputs.isEmpty()) {
            throw new BadInputException("the graph has no input");
        }
        ImportState state = new ImportState(inputs.size() == 1 ? staticBatch : -1, policy);
        inputs.forEach(state::addInput);
        for (TensorProto t : g.getInitializerList()) {
            state.putInitializer(t.getName(), TensorDecoder.decode(t, "initializer " + Printable.name(t.getName())));
        }
        for (OnnxNode n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !state.isKnown(in)) {
                    throw n.error("input " + Printable.name(in) + " is not produced before this node (nodes must be topologically sorted)");
                }
            }
            try {
                if (ShapeArithmetic.evaluatesAtImport(n, state)) {
                    ShapeArithmetic.evaluate(n, state);
                } else if (ShapeArithmetic.CONSTANT_ONLY.contains(n.type()) && !translatesComputed(n.type())) {
                    throw n.error("only shape arithmetic on constants is supported");
                } else {
                    TRANSLATORS.get(n.type()).accept(n, state);
                }
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) {
                // a translator met a combination of attributes, shapes and constants it does not expect: a
                // malformed node, reported as one, with the cause behind --verbose
                throw n.error("malformed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            }
        }
        List<String> outputs = g.getOutputList().stream().map(ValueInfoProto::getName).toList();
        if (outputs.isEmpty()) {
            throw new BadInputException("the graph declares no output");
        }
        String graphName = g.getName().isEmpty() ? name : g.getName();
        return state.build(graphName.equals("main_graph") || graphName.equals("torch_jit") ? name : graphName, inputs, outputs);
    }

    /**
     * Lists every unsupported operator type with its nodes, in one line. Shape-arithmetic operators (Gather,
     * Transpose, ...) count as supported only where every input is known at import.
     */
    private static void rejectUnsupported(GraphProto g) {
        Map<String, List<String>> bad = new TreeMap<>();
        Set<String> constant = new HashSet<>();
        g.getInitializerList().forEach(t -> constant.add(t.getName()));
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String domain = n.getDomain();
            boolean defaultDomain = domain.isEmpty() || domain.equals("ai.onnx");
            String type = defaultDomain ? n.getOpType() : domain + "." + n.getOpType();
            boolean constInputs = n.getInputList().stream().allMatch(in -> in.isEmpty() || constant.contains(in));
            if (type.equals("Constant") || type.equals("Shape") || constInputs) {
                constant.addAll(n.getOutputList());
            }
            boolean known = defaultDomain && (TRANSLATORS.containsKey(type)
                    || (ShapeArithmetic.CONSTANT_ONLY.contains(type) && (constInputs || type.equals("Shape"))));
            if (!known) {
                String nodeName = n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName();
                bad.computeIfAbsent(Printable.word(type), k -> new ArrayList<>()).add(Printable.name(nodeName));
            }
        }
        if (!bad.isEmpty()) {
            StringBuilder b = new StringBuilder("unsupported operators: ");
            bad.forEach((type, names) -> b.append(type).append(names.size() == 1 ? " (node " : " (nodes ")
                    .append(String.join(", ", names)).append("); "));
            b.setLength(b.length() - 2);
            throw new BadInputException(b.toString());
        }
    }

    private record Input(Value value, long staticBatch) {
    }

    private static Input input(ValueInfoProto vi, Shape sampleShape) {
        String n = vi.getName();
        if (!vi.getType().hasTensorType()) {
            throw new BadInputException("input " + Printable.name(n) + " is not a tensor");
        }
        int elem = vi.getType().getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw new BadInputException("input '" + n + "' has element type "
                    + TensorProto.DataType.forNumber(elem) + "; Convoy takes float32 inputs");
        }
        if (!vi.getType().getTensorType().hasShape()) {
            throw new BadInputException("input '" + n + "' has no shape");
        }
        List<TensorShapeProto.Dimension> dims = vi.getType().getTensorType().getShape().getDimList();
        if (dims.isEmpty()) {
            throw new BadInputException("input '" + n + "' is a scalar; Convoy expects a batch [N,...]");
        }
        long batch = dims.get(0).hasDimValue() ? dims.get(0).getDimValue() : -1;
        long[] sample = new long[dims.size() - 1];
        boolean symbolic = false;
        for (int i = 1; i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (!d.hasDimValue() || d.getDimValue() <= 0) {
                symbolic = true;
            } else {
                sample[i - 1] = d.getDimValue();
            }
        }
        Shape shape;
        if (symbolic) {
            if (sampleShape == null || sampleShape.rank() != sample.length) {
                throw new BadInputException("input '" + n + "' has symbolic non-batch dimensions " + describe(dims)
                        + "; Convoy needs a fixed image size");
            }
            shape = sampleShape;
        } else {
            try {
                shape = Shape.ofLongs(sample);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("input '" + n + "' has an impossible shape " + describe(dims) + ": " + e.getMessage());
            }
        }
        return new Input(new Value(n, shape, true), batch);
    }

    private static String describe(List<TensorShapeProto.Dimension> dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            b.append(i == 0 ? "" : ",").append(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam());
        }
        return b.append(']').toString();
    }
}

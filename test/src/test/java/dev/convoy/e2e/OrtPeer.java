package dev.convoy.e2e;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.convoy.tensor.Shape;
import dev.convoy.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** ONNX Runtime (Java, CPU execution provider) as the peer that judges Convoy's outputs. */
final class OrtPeer implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtPeer(Path model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        session = env.createSession(model.toString(), options);
    }

    /** @return the batch size the model's first input declares, or −1 when symbolic */
    long declaredBatch() throws OrtException {
        ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo) session.getInputInfo().values().iterator().next().getInfo();
        return info.getShape()[0];
    }

    /** Runs the model's single input and returns its first output. */
    Tensor run(Tensor input) throws OrtException {
        String name = session.getInputNames().iterator().next();
        long[] shape = Arrays.stream(input.shape().dims()).asLongStream().toArray();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), shape);
             OrtSession.Result result = session.run(Map.of(name, in))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] dims = out.getInfo().getShape();
            FloatBuffer fb = out.getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return new Tensor(Shape.ofLongs(dims), data);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

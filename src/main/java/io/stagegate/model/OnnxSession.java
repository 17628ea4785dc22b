package io.stagegate.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session of a transformer encoder: pads a batch of encodings to a [B, L] tensor, runs it and
 * returns the named float output. Thread-safe (OrtSession.run is).
 */
public final class OnnxSession implements AutoCloseable {
    private final String checkpointId;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String outputName;
    private final boolean wantsTypeIds;
    private final long outputWidth;

    OnnxSession(String checkpointId, OrtEnvironment env, OrtSession session, String outputName) throws OrtException {
        this.checkpointId = checkpointId;
        this.env = env;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        for (String required : List.of("input_ids", "attention_mask")) {
            if (!inputs.containsKey(required)) {
                throw new StagegateException(ErrorKind.INTERNAL, "checkpoint '" + checkpointId + "': ONNX graph has no input '"
                        + required + "'; inputs are " + inputs.keySet());
            }
        }
        this.wantsTypeIds = inputs.containsKey("token_type_ids");
        if (!session.getOutputInfo().containsKey(outputName)) {
            throw new StagegateException(ErrorKind.INTERNAL, "checkpoint '" + checkpointId + "': ONNX graph has no output '"
                    + outputName + "'; outputs are " + session.getOutputInfo().keySet());
        }
        this.outputName = outputName;
        long[] outShape = ((TensorInfo) session.getOutputInfo().get(outputName).getInfo()).getShape();
        this.outputWidth = outShape[outShape.length - 1];
    }

    /** Size of the output's last axis as the graph declares it (hidden size, or number of logits); -1 if dynamic. */
    public long outputWidth() {
        return outputWidth;
    }

    /** Output of one run: a dense float buffer and its shape. */
    public record Output(float[] values, long[] shape) {
    }

    public Output run(List<Encoded> batch) {
        int b = batch.size();
        int width = 0;
        for (Encoded e : batch) {
            width = Math.max(width, e.length());
        }
        long[] ids = new long[b * width];
        long[] mask = new long[b * width];
        long[] types = new long[b * width];
        for (int row = 0; row < b; row++) {
            Encoded e = batch.get(row);
            System.arraycopy(e.ids(), 0, ids, row * width, e.length());
            System.arraycopy(e.typeIds(), 0, types, row * width, e.length());
            for (int j = 0; j < e.length(); j++) {
                mask[row * width + j] = 1;
            }
        }
        long[] shape = {b, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(outputName))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                long[] outShape = ((TensorInfo) out.getInfo()).getShape();
                FloatBuffer buffer = out.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return new Output(values, outShape);
            }
        } catch (OrtException e) {
            throw new StagegateException(ErrorKind.INTERNAL, "checkpoint '" + checkpointId + "': inference failed: "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

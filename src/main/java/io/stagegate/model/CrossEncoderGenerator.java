package io.stagegate.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a packaged BERT-style encoder graph into a cross-encoder by appending a sequence-classification head
 * (the shape of ms-marco-MiniLM-L-6-v2's: [CLS] state, dense + tanh pooler, linear to one logit), so the
 * cross-encoder contract (inputs input_ids/attention_mask/token_type_ids, output logits [B,1]) can be exercised and
 * benchmarked at a realistic cost. No reranker ships in any package reachable here.
 *
 * <p>The head's weights are seeded pseudo-random numbers, so scores are deterministic but carry no relevance signal:
 * never put this checkpoint in a default pair.
 *
 * <p>Works on the ONNX protobuf wire format directly (field numbers from onnx.proto): it copies the model, drops the
 * graph's outputs and appends nodes, initializers and the new output to the graph message.
 */
public final class CrossEncoderGenerator {
    public static final long DEFAULT_SEED = 20261126L;
    static final String HIDDEN_OUTPUT = "last_hidden_state";
    static final String LOGITS = "logits";

    // onnx.proto field numbers
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int TENSOR_FLOAT = 1;
    private static final int TENSOR_INT64 = 7;

    private CrossEncoderGenerator() {
    }

    /** Returns the ONNX bytes of {@code encoderOnnx} with a classification head whose weights come from {@code seed}. */
    public static byte[] appendHead(byte[] encoderOnnx, long seed) {
        try {
            ByteArrayOutputStream model = new ByteArrayOutputStream(encoderOnnx.length + 1_000_000);
            CodedOutputStream out = CodedOutputStream.newInstance(model);
            CodedInputStream in = CodedInputStream.newInstance(encoderOnnx);
            in.setSizeLimit(Integer.MAX_VALUE);
            boolean sawGraph = false;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                    out.writeByteArray(MODEL_GRAPH, rewriteGraph(in.readByteArray(), seed));
                    sawGraph = true;
                } else {
                    copyField(tag, in, out);
                }
            }
            if (!sawGraph) {
                throw new IllegalArgumentException("not an ONNX model: no graph");
            }
            out.flush();
            return model.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite ONNX model", e);
        }
    }

    private static byte[] rewriteGraph(byte[] graph, long seed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(graph.length + 1_000_000);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        CodedInputStream in = CodedInputStream.newInstance(graph);
        in.setSizeLimit(Integer.MAX_VALUE);
        int hidden = -1;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GRAPH_OUTPUT) {
                byte[] valueInfo = in.readByteArray();
                hidden = Math.max(hidden, hiddenSizeOf(valueInfo));
                // The encoder's state stays an internal value; declaring it keeps shape inference informed.
                out.writeByteArray(GRAPH_VALUE_INFO, valueInfo);
            } else {
                copyField(tag, in, out);
            }
        }
        if (hidden <= 0) {
            throw new IllegalArgumentException("graph has no output '" + HIDDEN_OUTPUT + "' with a fixed hidden size");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float scale = (float) (1.0 / Math.sqrt(hidden));
        out.writeByteArray(GRAPH_INITIALIZER, int64Scalar("ce.cls_index", 0));
        out.writeByteArray(GRAPH_INITIALIZER, floatTensor("ce.pooler.weight", new long[] {hidden, hidden}, random, scale));
        out.writeByteArray(GRAPH_INITIALIZER, floatTensor("ce.pooler.bias", new long[] {hidden}, random, 0.1f));
        out.writeByteArray(GRAPH_INITIALIZER, floatTensor("ce.classifier.weight", new long[] {hidden, 1}, random, scale * 4));
        out.writeByteArray(GRAPH_INITIALIZER, floatTensor("ce.classifier.bias", new long[] {1}, random, 0.1f));
        out.writeByteArray(GRAPH_NODE, node("ce.gather_cls", "Gather", List.of(HIDDEN_OUTPUT, "ce.cls_index"), "ce.cls",
                intAttribute("axis", 1)));
        out.writeByteArray(GRAPH_NODE, node("ce.pooler", "Gemm", List.of("ce.cls", "ce.pooler.weight", "ce.pooler.bias"),
                "ce.pooler.dense", null));
        out.writeByteArray(GRAPH_NODE, node("ce.pooler_tanh", "Tanh", List.of("ce.pooler.dense"), "ce.pooled", null));
        out.writeByteArray(GRAPH_NODE, node("ce.classifier", "Gemm",
                List.of("ce.pooled", "ce.classifier.weight", "ce.classifier.bias"), LOGITS, null));
        out.writeByteArray(GRAPH_OUTPUT, logitsOutput());
        out.flush();
        return bytes.toByteArray();
    }

    /** Reads a ValueInfoProto; returns its last dimension if it is the encoder's hidden-state output, else -1. */
    private static int hiddenSizeOf(byte[] valueInfo) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(valueInfo);
        String name = null;
        byte[] type = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> type = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        if (!HIDDEN_OUTPUT.equals(name) || type == null) {
            return -1;
        }
        List<Long> dims = new ArrayList<>();
        CodedInputStream t = CodedInputStream.newInstance(type);
        for (int tag = t.readTag(); tag != 0; tag = t.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) { // TypeProto.tensor_type
                t.skipField(tag);
                continue;
            }
            CodedInputStream tensor = CodedInputStream.newInstance(t.readByteArray());
            for (int tt = tensor.readTag(); tt != 0; tt = tensor.readTag()) {
                if (WireFormat.getTagFieldNumber(tt) != 2) { // Tensor.shape
                    tensor.skipField(tt);
                    continue;
                }
                CodedInputStream shape = CodedInputStream.newInstance(tensor.readByteArray());
                for (int st = shape.readTag(); st != 0; st = shape.readTag()) {
                    CodedInputStream dim = CodedInputStream.newInstance(shape.readByteArray());
                    long value = -1;
                    for (int dt = dim.readTag(); dt != 0; dt = dim.readTag()) {
                        if (WireFormat.getTagFieldNumber(dt) == 1) {
                            value = dim.readInt64();
                        } else {
                            dim.skipField(dt);
                        }
                    }
                    dims.add(value);
                }
            }
        }
        return dims.isEmpty() ? -1 : dims.getLast().intValue();
    }

    private static void copyField(int tag, CodedInputStream in, CodedOutputStream out) throws IOException {
        in.skipField(tag, out);
    }

    private static byte[] floatTensor(String name, long[] dims, SplittableRandom random, float scale) throws IOException {
        int count = 1;
        for (long d : dims) {
            count *= (int) d;
        }
        ByteBuffer raw = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            raw.putFloat((float) ((random.nextDouble() * 2 - 1) * scale));
        }
        return tensor(name, dims, TENSOR_FLOAT, raw.array());
    }

    private static byte[] int64Scalar(String name, long value) throws IOException {
        byte[] raw = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        return tensor(name, new long[0], TENSOR_INT64, raw);
    }

    private static byte[] tensor(String name, long[] dims, int dataType, byte[] raw) throws IOException {
        return message(out -> {
            for (long d : dims) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, dataType);
            out.writeString(8, name);
            out.writeBytes(9, ByteString.copyFrom(raw));
        });
    }

    private static byte[] intAttribute(String name, long value) throws IOException {
        return message(out -> {
            out.writeString(1, name);
            out.writeInt64(3, value);
            out.writeInt32(20, 2); // AttributeType.INT
        });
    }

    private static byte[] node(String name, String op, List<String> inputs, String output, byte[] attribute)
            throws IOException {
        return message(out -> {
            for (String i : inputs) {
                out.writeString(1, i);
            }
            out.writeString(2, output);
            out.writeString(3, name);
            out.writeString(4, op);
            if (attribute != null) {
                out.writeByteArray(5, attribute);
            }
        });
    }

    /** ValueInfoProto for logits: float tensor [batch, 1]. */
    private static byte[] logitsOutput() throws IOException {
        byte[] batchDim = message(out -> out.writeString(2, "batch_size"));
        byte[] oneDim = message(out -> out.writeInt64(1, 1));
        byte[] shape = message(out -> {
            out.writeByteArray(1, batchDim);
            out.writeByteArray(1, oneDim);
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, TENSOR_FLOAT);
            out.writeByteArray(2, shape);
        });
        byte[] type = message(out -> out.writeByteArray(1, tensorType));
        return message(out -> {
            out.writeString(1, LOGITS);
            out.writeByteArray(2, type);
        });
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}

package io.stagegate.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints that ship on the classpath inside the dev.langchain4j model jars (ONNX + tokenizer.json at the jar
 * root), plus the synthetic cross-encoder generated from one of them. Only the bytes are used, by our own code.
 */
public final class BuiltinCheckpoints {
    /** BGE's English retrieval instruction, as MTEB applies it to queries. */
    public static final String BGE_EN_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";
    public static final String BGE_ZH_QUERY_PREFIX = "为这个句子生成表示以用于检索相关文章：";
    /** E5 is trained with these role prefixes on both sides; without them its quality drops by points. */
    public static final String E5_QUERY_PREFIX = "query: ";
    public static final String E5_DOCUMENT_PREFIX = "passage: ";
    public static final String SYNTHETIC_CROSS_ENCODER = "synthetic-ce-minilm-l6";

    private static final Map<String, Checkpoint> ALL = new LinkedHashMap<>();

    static {
        embedder("bge-small-en-v1.5", "bge-small-en-v1.5", Pooling.CLS, 512, BGE_EN_QUERY_PREFIX, Execution.BATCHED);
        embedder("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", Pooling.CLS, 512, BGE_EN_QUERY_PREFIX, Execution.PER_ITEM);
        // sentence-transformers serves all-MiniLM-L6-v2 with a 256-token window.
        embedder("all-minilm-l6-v2", "all-minilm-l6-v2", Pooling.MEAN, 256, "", Execution.BATCHED);
        embedder("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", Pooling.MEAN, 256, "", Execution.PER_ITEM);
        embedder("bge-small-zh-v1.5-q", "bge-small-zh-v1.5-q", Pooling.CLS, 512, BGE_ZH_QUERY_PREFIX, Execution.PER_ITEM);
        // intfloat/e5-small-v2, dynamically quantised: mean pooling over the mask, 512-token window.
        embedder("e5-small-v2-q", "e5-small-v2-q", Pooling.MEAN, 512, E5_QUERY_PREFIX, E5_DOCUMENT_PREFIX, Execution.PER_ITEM);
        CheckpointSpec ce = new CheckpointSpec(SYNTHETIC_CROSS_ENCODER, CheckpointKind.CROSS_ENCODER, null, false, 512, "", "",
                "logits", Execution.BATCHED, "cpu");
        ALL.put(ce.id(), new Checkpoint(ce, "generated from classpath:all-minilm-l6-v2.onnx", () -> {
            ModelFiles base = resourceFiles("all-minilm-l6-v2");
            return new ModelFiles(CrossEncoderGenerator.appendHead(base.onnx(), CrossEncoderGenerator.DEFAULT_SEED),
                    base.tokenizerJson());
        }));
    }

    private BuiltinCheckpoints() {
    }

    private static void embedder(String id, String resource, Pooling pooling, int maxLength, String queryPrefix,
                                 Execution execution) {
        embedder(id, resource, pooling, maxLength, queryPrefix, "", execution);
    }

    private static void embedder(String id, String resource, Pooling pooling, int maxLength, String queryPrefix,
                                 String documentPrefix, Execution execution) {
        CheckpointSpec spec = new CheckpointSpec(id, CheckpointKind.EMBEDDER, pooling, true, maxLength, queryPrefix,
                documentPrefix, "last_hidden_state", execution, "cpu");
        ALL.put(id, new Checkpoint(spec, "classpath:" + resource + ".onnx", () -> resourceFiles(resource)));
    }

    public static Optional<Checkpoint> find(String id) {
        return Optional.ofNullable(ALL.get(id));
    }

    public static Map<String, Checkpoint> all() {
        return Map.copyOf(ALL);
    }

    static ModelFiles resourceFiles(String name) {
        return new ModelFiles(readResource(name + ".onnx"), readResource(name + "-tokenizer.json"));
    }

    private static byte[] readResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BuiltinCheckpoints.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("built-in model resource '" + name
                        + "' is not on the classpath; is its dev.langchain4j model jar a dependency?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model resource " + name, e);
        }
    }
}

package io.stagegate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;

/**
 * The one configuration tree. Every knob has a default here and a range check in {@link ConfigChecks}.
 */
@ConfigMapping(prefix = "stagegate")
public interface StagegateConfig {

    /** Where the corpus and its vector indexes live. */
    @WithDefault("data")
    String dataDir();

    /** serve (HTTP gateway, demo corpus on first start) or cli (a one-shot command; no listener, no demo). */
    @WithDefault("serve")
    String role();

    /** User checkpoints by id; built-in checkpoints (see BuiltinCheckpoints) need no entry. */
    Map<String, CheckpointConfig> checkpoints();

    /** Served pairs by id. */
    Map<String, PairConfig> pairs();

    @WithName("default-pair")
    @WithDefault("default")
    String defaultPair();

    IndexConfig index();

    InferenceConfig inference();

    DemoConfig demo();

    HttpConfig http();

    interface CheckpointConfig {
        /** Directory holding model.onnx, tokenizer.json and stagegate-checkpoint.json. */
        String path();

        @WithDefault("cpu")
        String device();
    }

    interface PairConfig {
        String embedder();

        Optional<String> reranker();

        @WithDefault("100")
        int candidates();

        @WithName("top-n")
        @WithDefault("10")
        int topN();
    }

    interface IndexConfig {
        /** HNSW max connections per node. */
        @WithName("hnsw-m")
        @WithDefault("16")
        int hnswM();

        /** HNSW beam width at construction. */
        @WithName("hnsw-beam-width")
        @WithDefault("100")
        int hnswBeamWidth();

        /** Threads of the bounded ANN executor. */
        @WithName("search-threads")
        @WithDefault("2")
        int searchThreads();

        /** Queued ANN searches beyond which requests are refused with OVERLOADED. */
        @WithName("search-queue")
        @WithDefault("256")
        int searchQueue();
    }

    interface InferenceConfig {
        /** ONNX Runtime intra-op threads per session. */
        @WithName("intra-op-threads")
        @WithDefault("2")
        int intraOpThreads();

        /** Threads that run ONNX sessions; more than the cores just time-slices them. */
        @WithDefault("1")
        int workers();

        /** Queued inference calls beyond which requests are refused with OVERLOADED. */
        @WithName("queue-capacity")
        @WithDefault("256")
        int queueCapacity();

        /** Largest batch of documents embedded in one ONNX call during ingest or rerank. */
        @WithName("max-batch-size")
        @WithDefault("16")
        int maxBatchSize();

        /** Largest batch in padded tokens (items x longest item). */
        @WithName("max-batch-tokens")
        @WithDefault("8192")
        int maxBatchTokens();
    }

    interface DemoConfig {
        /** Index the shipped demo corpus on first start when the store is empty (serve role only). */
        @WithDefault("true")
        boolean enabled();
    }

    interface HttpConfig {
        /** Largest request body accepted, in bytes; larger bodies get 413 with a JSON problem. */
        @WithName("max-body-bytes")
        @WithDefault("16777216")
        long maxBodyBytes();

        /** Most documents per ingest request. */
        @WithName("max-documents-per-request")
        @WithDefault("2000")
        int maxDocumentsPerRequest();
    }
}

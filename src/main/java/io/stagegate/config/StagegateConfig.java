package io.stagegate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.events.Durability;
import io.stagegate.events.FsyncPolicy;
import io.stagegate.experiments.Experiment;
import io.stagegate.security.Role;
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
    ProcessRole role();

    /**
     * The directory checkpoints registered at runtime (POST /v1/admin/checkpoints) are copied under; they may come from
     * nowhere else. Unset: runtime registration is off.
     */
    Optional<String> modelsRoot();

    /** User checkpoints by id; built-in checkpoints (see BuiltinCheckpoints) need no entry. */
    Map<String, CheckpointConfig> checkpoints();

    /** Served pairs by id. */
    Map<String, PairConfig> pairs();

    /**
     * Experiments defined here are applied at every start (a change bumps the version and moves as few units as
     * possible) and cannot be changed through the admin API; others live in {@code <data-dir>/experiments.json}.
     */
    Map<String, ExperimentConfig> experiments();

    RoutingConfig routing();

    SecurityConfig security();

    @WithDefault("default")
    String defaultPair();

    IndexConfig index();

    InferenceConfig inference();

    BatchingConfig batching();

    DemoConfig demo();

    /** Request limits, the same for HTTP and gRPC. */
    LimitsConfig limits();

    EventsConfig events();

    interface CheckpointConfig {
        /** Directory holding model.onnx, tokenizer.json and stagegate-checkpoint.json. */
        String path();

        @WithDefault("cpu")
        String device();
    }

    interface PairConfig {
        /** The pair's embedder: dense retrieval for dense and hybrid pairs, the first score fused by rescoring. */
        String embedder();

        /** dense, bm25 or hybrid. */
        @WithDefault("dense")
        Retriever retriever();

        /** The lexical field (an analyzer of stagegate.index.lexical) for bm25 / hybrid retrieval and rescore.bm25. */
        Optional<String> lexical();

        /** How a hybrid retriever fuses its dense and BM25 lists (weights in that order). */
        FusionConfig fusion();

        /** A cross-encoder checkpoint as second stage. */
        Optional<String> reranker();

        /** Rescoring as second stage: set embedders and/or bm25. */
        RescoreConfig rescore();

        /** At least top-n; default max(100, top-n). */
        Optional<Integer> candidates();

        /** Default 10. */
        Optional<Integer> topN();
    }

    interface ExperimentConfig {
        /** ab or interleave. */
        @WithDefault("ab")
        Experiment.Mode mode();

        /** pair[:weight] entries, e.g. default:1,minilm:1 (weight 1 when absent). */
        java.util.List<String> arms();

        /** pair[:sample-rate] entries (rate 0..1, 1 when absent). */
        Optional<java.util.List<String>> shadows();

        /** Share of queries on which the serving pair is shadowed against itself (the noise floor). */
        @WithDefault("0")
        double noiseFloor();

        /** Hash salt; the experiment id when absent. Changing it reshuffles every unit. */
        Optional<String> salt();

        /** draft, running or stopped. */
        @WithDefault("draft")
        Experiment.State state();
    }

    interface SecurityConfig {
        /** API keys by name (the name is only for humans): the key text and its roles (admin, search, feedback). */
        Map<String, ApiKeyConfig> apiKeys();

        /** A file of keys, e.g. a mounted Kubernetes secret: one "key role[,role...]" per line, # starts a comment. */
        Optional<String> keysFile();

        /** Require a key with the search role for search, embeddings, rerank and document reads. */
        @WithDefault("false")
        boolean searchRequiresKey();

        /** Require a key with the feedback role for feedback. */
        @WithDefault("false")
        boolean feedbackRequiresKey();
    }

    interface ApiKeyConfig {
        /** At least 16 characters. */
        String key();

        @WithDefault("admin")
        java.util.List<Role> roles();
    }

    interface RoutingConfig {
        /** Shadow runs in flight at once; a shadow beyond this is skipped (counted as shed), never queued. */
        @WithDefault("2")
        int shadowMaxInFlight();

        /**
         * Interactive items queued or running on a shadow pair's device above which its shadow runs are shed before
         * they start: at saturation shadow work goes first, without costing the primary even a tokenisation.
         */
        @WithDefault("4")
        int shadowShedAboveInteractive();

        /** A shadow run taking longer than this is abandoned and counted as a timeout. */
        @WithDefault("2s")
        java.time.Duration shadowTimeout();

        /** Served queries per experiment the live report keeps (the oldest go first); offline reports have no bound. */
        @WithDefault("200000")
        int reportWindow();
    }

    interface FusionConfig {
        /** rrf (reciprocal rank fusion) or convex (weighted sum of normalised scores). */
        @WithDefault("rrf")
        Fusion.Method method();

        @WithDefault("60")
        int rrfK();

        /** One weight per fused input, in input order; unset means equal weights. */
        Optional<java.util.List<Double>> weights();

        /** minmax or zscore (convex only). */
        @WithDefault("minmax")
        Fusion.Normalization normalization();
    }

    interface RescoreConfig {
        /** Embedders besides the pair's whose stored vectors rescore the candidates. */
        Optional<java.util.List<String>> embedders();

        /** Fuse the candidates' BM25 scores (from the pair's lexical field) too. */
        @WithDefault("false")
        boolean bm25();

        /** How the pair's embedder, the rescoring embedders and BM25 (in that order) are fused. */
        FusionConfig fusion();
    }

    interface IndexConfig {
        /**
         * Where the corpus lives: {@code lucene} (one embedded index under the data directory) or {@code solrcloud} (a
         * collection of a SolrCloud 9 cluster, stagegate.index.solr.*), for a corpus or a query rate beyond one machine.
         */
        @WithDefault("lucene")
        IndexBackend backend();

        /** The SolrCloud collection, when backend = solrcloud. */
        SolrConfig solr();

        /**
         * How gateway replicas of the embedded index share the corpus: {@code none} (each replica's index is its own)
         * or {@code kafka} (ingest publishes to the compacted replication-topic on stagegate.events.kafka, which every
         * replica applies to its index; lucene backend only).
         */
        @WithDefault("none")
        Replication replication();

        /** The compacted documents topic, created when missing (with events.topics.replication-factor). */
        @WithDefault("stagegate.documents.v1")
        String replicationTopic();

        /** Partitions of a documents topic created here; never add partitions later (keys would move). */
        @WithDefault("6")
        int replicationPartitions();

        /** How long an ingest waits for this replica to apply what it published (read-your-writes). */
        @WithDefault("30s")
        java.time.Duration replicationTimeout();

        /** HNSW max connections per node. */
        @WithDefault("16")
        int hnswM();

        /** HNSW beam width at construction. */
        @WithDefault("100")
        int hnswBeamWidth();

        /** Threads of the bounded ANN executor. */
        @WithDefault("2")
        int searchThreads();

        /**
         * Heap for documents read back from the embedded index, least recently used evicted (0: off). Every search
         * turns its K candidates into documents; reading them from compressed stored fields cost more than the HNSW
         * search itself.
         */
        @WithDefault("64")
        int documentCacheMb();

        /** Queued ANN searches beyond which requests are refused with OVERLOADED. */
        @WithDefault("256")
        int searchQueue();

        /**
         * BM25 fields documents get, by analyzer: en, standard, cjk, smartcn. Unset: none. Documents stored before an
         * analyzer was added get its field at startup (rewritten with their vectors; nothing is embedded).
         */
        Optional<java.util.List<String>> lexical();

        Bm25Config bm25();
    }

    interface SolrConfig {
        /** Base URLs of Solr nodes (http://host:port/solr); the client learns the rest of the cluster from them. */
        Optional<java.util.List<String>> urls();

        /** ZooKeeper ensemble (host:port,...[/chroot]), instead of urls. */
        Optional<String> zkHost();

        /** The collection; created with the shipped config set (uploaded under the same name) when missing. */
        @WithDefault("stagegate")
        String collection();

        /** Shards of a collection created here. */
        @WithDefault("2")
        int shards();

        /** Replicas per shard of a collection created here: 2 keeps every shard served when one node dies. */
        @WithDefault("2")
        int replicationFactor();

        /**
         * Solr 9 has no efSearch: each shard returns topK = k x over-fetch nearest vectors and k are kept, so recall
         * is bought with this factor (1 = none).
         */
        @WithDefault("2.0")
        double overFetch();

        /**
         * false: a shard with no live replica fails the search with UNAVAILABLE naming the shard. true: the live
         * shards answer and the result is marked partial.
         */
        @WithDefault("false")
        boolean shardsTolerant();

        /** Per request to Solr. */
        @WithDefault("30s")
        java.time.Duration requestTimeout();
    }

    interface Bm25Config {
        /** Term-frequency saturation; 0.9 as Anserini's BEIR baselines (Lucene's default is 1.2). */
        @WithDefault("0.9")
        double k1();

        /** Length normalisation; 0.4 as Anserini's BEIR baselines (Lucene's default is 0.75). */
        @WithDefault("0.4")
        double b();
    }

    interface InferenceConfig {
        /** ONNX Runtime intra-op threads per session. */
        @WithDefault("2")
        int intraOpThreads();

        /**
         * Items a per-item (dynamically quantised int8) CPU checkpoint runs side by side, each on one thread, with one
         * batcher worker per item. Such checkpoints cannot batch (see Execution), so running items concurrently is how
         * they fill the cores; 1 runs one item at a time on intra-op-threads (lowest latency for a lone query).
         */
        @WithDefault("2")
        int perItemParallelism();

        /** Threads that tokenise queries and rerank candidates before they enter a batcher. */
        @WithDefault("2")
        int tokenizerThreads();

        /** Queued tokenisation tasks beyond which requests are refused with OVERLOADED. */
        @WithDefault("1024")
        int tokenizerQueue();

        /**
         * Query vectors kept per (embedder, query text), least recently used evicted; 0 turns the cache off. Pairs that
         * share an embedder (rescoring, shadow, interleaving) and repeated queries then embed a query once.
         */
        @WithDefault("0")
        int queryCacheEntries();

        /** Run a cuda:N checkpoint on CPU (loud warning + metric) when CUDA cannot be initialised, instead of failing. */
        @WithDefault("false")
        boolean cudaFallbackToCpu();
    }

    interface BatchingConfig {
        /** Cross-request batching; off makes every request run alone (the naive baseline benchmarks compare to). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("32")
        int maxBatchSize();

        /** Padded tokens per batch (items x longest item). */
        @WithDefault("16384")
        int maxBatchTokens();

        /**
         * Largest padded/real token ratio a batch may reach by taking another item. On CPU a batch costs its padded
         * tokens, so length grouping with a tight bound beats large batches; raise it for GPUs, where batch size pays.
         */
        @WithDefault("1.10")
        double maxPadding();

        /** How long a worker may hold a non-full batch to let it fill; 0 runs what is there (work-conserving). */
        @WithDefault("0s")
        java.time.Duration maxWait();

        /** Tokens that may wait per checkpoint; beyond it requests are refused with OVERLOADED (429). */
        @WithDefault("262144")
        long queueTokens();

        /**
         * Most work, in time at the throughput measured so far, that may wait ahead of a new request; beyond it the
         * request is refused at once (429) so accepted requests keep their latency under overload. 0: tokens only.
         */
        @WithDefault("100ms")
        java.time.Duration maxQueueDelay();

        /** Share of queue-tokens that shadow and background (ingest) work may occupy. */
        @WithDefault("0.5")
        double lowPriorityShare();

        /** Batcher workers per CPU checkpoint (a CUDA checkpoint gets one per device). */
        @WithDefault("1")
        int workers();
    }

    interface DemoConfig {
        /** Index the shipped demo corpus on first start when the store is empty (serve role only). */
        @WithDefault("true")
        boolean enabled();
    }

    interface LimitsConfig {
        /** Largest request body accepted, in bytes; larger bodies get 413 with a JSON problem. */
        @WithDefault("16777216")
        long maxBodyBytes();

        /** Deadline of a search that names none (timeoutMs); queued work past it is dropped before it is computed. */
        @WithDefault("30s")
        java.time.Duration defaultTimeout();

        /**
         * Overload refusals (429) answered at once per second; beyond this rate a refusal is held for refusal-hold
         * before it is sent, so clients that retry without honouring Retry-After cannot spend the CPU the accepted
         * searches need.
         */
        @WithDefault("50")
        int fastRefusalsPerSecond();

        /** How long a refusal beyond fast-refusals-per-second is held (the Retry-After it announces); 0 turns pacing off. */
        @WithDefault("1s")
        java.time.Duration refusalHold();

        /** Most documents per /v1/rerank request; more is a 400, never a silent truncation. */
        @WithDefault("1000")
        int maxRerankDocuments();

        /** Most inputs per /v1/embeddings request (OpenAI's limit). */
        @WithDefault("2048")
        int maxEmbeddingInputs();

        /** Most feedback signals per /v1/feedback request (or gRPC Feedback call). */
        @WithDefault("1000")
        int maxFeedbackPerRequest();

        /** Most documents per ingest request. */
        @WithDefault("2000")
        int maxDocumentsPerRequest();
    }

    interface EventsConfig {
        /**
         * Record query and feedback events. With Kafka configured they go to its topics (and to the spool while Kafka
         * is slow or down); without, they are kept in the spool and shipped once Kafka is configured. Off: none.
         */
        @WithDefault("true")
        boolean enabled();

        KafkaConfig kafka();

        TopicsConfig topics();

        SpoolConfig spool();

        /**
         * buffered: the search is answered at once and its event reaches Kafka or the spool within the gather window
         * (a killed process loses what is still in memory). write-ahead: the event is appended to the spool (group
         * commit, forced per spool.fsync) before the response is sent, and Kafka is fed from the spool, so a killed
         * process loses no answered event. Feedback's 202 waits likewise.
         */
        @WithDefault("buffered")
        Durability durability();

        /**
         * Events handed from request threads to the publisher thread (about 8 KiB of heap each with 100 candidates);
         * a full buffer drops (counted, logged). The publisher never waits on Kafka, at most on max-block or the disk.
         */
        @WithDefault("16384")
        int buffer();

        /**
         * How long the publisher lets events gather before it sends or spools them. Larger gathers make fewer, fuller
         * producer batches: measured, 10 ms cost the gateway +6.5% CPU per request, 50 ms +1.3% (EventsBench).
         */
        @WithDefault("50ms")
        java.time.Duration gather();

        /** Spooled events sent per replay round once Kafka is back. */
        @WithDefault("500")
        int replayBatch();

        /** Pause between replay probes while Kafka is down. */
        @WithDefault("1s")
        java.time.Duration retryInterval();

        /** How long a replay round waits for Kafka's acknowledgements before it counts as failed. */
        @WithDefault("5s")
        java.time.Duration replayTimeout();

        /** Acknowledgements stalled this long: treat Kafka as slow and spool new events. */
        @WithDefault("2s")
        java.time.Duration slowAfter();

        /** Budget at shutdown to hand buffered and spooled events to Kafka; the rest stays in the spool. */
        @WithDefault("10s")
        java.time.Duration shutdownTimeout();
    }

    interface KafkaConfig {
        /** host:port[,host:port]; unset (the embedded default) means no Kafka. */
        Optional<String> bootstrapServers();

        @WithDefault("stagegate")
        String clientId();

        /** none, gzip, snappy, lz4 or zstd. */
        @WithDefault("lz4")
        Compression compression();

        @WithDefault("5ms")
        java.time.Duration linger();

        /** Per-request timeout towards the broker. */
        @WithDefault("5s")
        java.time.Duration requestTimeout();

        /** After this, an unacknowledged record fails and goes to the spool (>= linger + request-timeout). */
        @WithDefault("15s")
        java.time.Duration deliveryTimeout();

        /** Longest the publisher thread waits for metadata or buffer space before spooling instead. */
        @WithDefault("1s")
        java.time.Duration maxBlock();

        /** Any other producer property (security, SASL, ...), passed through; acks and idempotence are fixed. */
        Map<String, String> producer();
    }

    interface TopicsConfig {
        @WithDefault("stagegate.query.v1")
        String query();

        @WithDefault("stagegate.feedback.v1")
        String feedback();

        @WithDefault("stagegate.training.v1")
        String training();

        @WithDefault("stagegate.shadow.v1")
        String shadow();

        /** Create missing topics at startup with these partitions and replication factor. */
        @WithDefault("true")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface SpoolConfig {
        /** Default: events-spool under the data directory. */
        Optional<String> dir();

        /** Bound on the spool files; beyond it events are dropped (counted, logged loudly). */
        @WithDefault("1073741824")
        long maxBytes();

        @WithDefault("16777216")
        long segmentBytes();

        /** always (fsync every append), interval (at most every fsync-interval) or never (the OS decides). */
        @WithDefault("interval")
        FsyncPolicy fsync();

        @WithDefault("1s")
        java.time.Duration fsyncInterval();
    }
}

package io.stagegate.config;

import java.util.ArrayList;
import java.util.List;

/** Range checks run once at startup, so a bad setting fails fast with every problem named. */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    public static void validate(StagegateConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.dataDir().isBlank()) {
            problems.add("stagegate.data-dir must be non-blank");
        }
        range(problems, "stagegate.index.hnsw-m", config.index().hnswM(), 2, 512);
        range(problems, "stagegate.index.hnsw-beam-width", config.index().hnswBeamWidth(), 2, 3200);
        range(problems, "stagegate.index.search-threads", config.index().searchThreads(), 1, 256);
        range(problems, "stagegate.index.document-cache-mb", config.index().documentCacheMb(), 0, 1_048_576);
        range(problems, "stagegate.index.search-queue", config.index().searchQueue(), 1, 1_000_000);
        range(problems, "stagegate.inference.intra-op-threads", config.inference().intraOpThreads(), 1, 256);
        range(problems, "stagegate.inference.tokenizer-threads", config.inference().tokenizerThreads(), 1, 256);
        range(problems, "stagegate.inference.tokenizer-queue", config.inference().tokenizerQueue(), 1, 1_000_000);
        StagegateConfig.BatchingConfig b = config.batching();
        range(problems, "stagegate.batching.max-batch-size", b.maxBatchSize(), 1, 4096);
        range(problems, "stagegate.batching.max-batch-tokens", b.maxBatchTokens(), 16, 10_000_000);
        range(problems, "stagegate.batching.max-wait (ms)", b.maxWait().toMillis(), 0, 1000);
        range(problems, "stagegate.batching.queue-tokens", b.queueTokens(), b.maxBatchTokens(), 1L << 32);
        range(problems, "stagegate.batching.workers", b.workers(), 1, 64);
        range(problems, "stagegate.batching.max-queue-delay (ms)", b.maxQueueDelay().toMillis(), 0, 600_000);
        if (!(b.maxPadding() >= 1.0 && b.maxPadding() <= 100)) {
            problems.add("stagegate.batching.max-padding must be 1.0..100, was " + b.maxPadding());
        }
        if (!(b.lowPriorityShare() > 0 && b.lowPriorityShare() <= 1)) {
            problems.add("stagegate.batching.low-priority-share must be in (0, 1], was " + b.lowPriorityShare());
        }
        range(problems, "stagegate.limits.max-rerank-documents", config.limits().maxRerankDocuments(), 1, 100_000);
        range(problems, "stagegate.limits.max-embedding-inputs", config.limits().maxEmbeddingInputs(), 1, 100_000);
        range(problems, "stagegate.limits.default-timeout (ms)", config.limits().defaultTimeout().toMillis(), 1, 3_600_000);
        range(problems, "stagegate.limits.max-body-bytes", config.limits().maxBodyBytes(), 1024, 1L << 31);
        range(problems, "stagegate.limits.max-feedback-per-request", config.limits().maxFeedbackPerRequest(), 1, 1_000_000);
        range(problems, "stagegate.limits.max-documents-per-request", config.limits().maxDocumentsPerRequest(), 1, 1_000_000);
        events(problems, config.events());
        range(problems, "stagegate.routing.shadow-max-in-flight", config.routing().shadowMaxInFlight(), 1, 10_000);
        range(problems, "stagegate.limits.fast-refusals-per-second", config.limits().fastRefusalsPerSecond(), 0, 1_000_000);
        range(problems, "stagegate.limits.refusal-hold (ms)", config.limits().refusalHold().toMillis(), 0, 60_000);
        range(problems, "stagegate.routing.shadow-shed-above-interactive", config.routing().shadowShedAboveInteractive(),
                0, 1_000_000);
        range(problems, "stagegate.routing.shadow-timeout (ms)", config.routing().shadowTimeout().toMillis(), 1, 600_000);
        range(problems, "stagegate.routing.report-window", config.routing().reportWindow(), 1, 100_000_000);
        config.experiments().forEach((id, x) -> {
            try {
                ExperimentFactory.definition(id, x).check();
            } catch (RuntimeException e) {
                problems.add("stagegate.experiments." + id + ": " + e.getMessage());
            }
        });
        config.checkpoints().forEach((id, c) -> {
            if (!c.device().equals("cpu") && !c.device().matches("cuda:\\d+")) {
                problems.add("stagegate.checkpoints." + id + ".device must be cpu or cuda:N, was " + c.device());
            }
        });
        List<String> lexical = PairFactory.lexical(config);
        for (String analyzer : lexical) {
            if (!io.stagegate.index.LexicalAnalyzers.names().contains(analyzer)) {
                problems.add("stagegate.index.lexical names unknown analyzer '" + analyzer + "'; known: "
                        + io.stagegate.index.LexicalAnalyzers.names());
            }
        }
        if (lexical.size() != new java.util.HashSet<>(lexical).size()) {
            problems.add("stagegate.index.lexical must not repeat an analyzer, was " + lexical);
        }
        double k1 = config.index().bm25().k1();
        double bm25b = config.index().bm25().b();
        if (!(k1 >= 0 && k1 <= 10)) {
            problems.add("stagegate.index.bm25.k1 must be 0..10, was " + k1);
        }
        if (!(bm25b >= 0 && bm25b <= 1)) {
            problems.add("stagegate.index.bm25.b must be 0..1, was " + bm25b);
        }
        index(problems, config.index());
        replication(problems, config);
        range(problems, "stagegate.inference.per-item-parallelism", config.inference().perItemParallelism(), 1, 64);
        range(problems, "stagegate.inference.query-cache-entries", config.inference().queryCacheEntries(), 0, 10_000_000);
        config.pairs().forEach((id, p) -> {
            int topN = p.topN().orElse(io.stagegate.catalog.PairDefinition.DEFAULT_TOP_N);
            range(problems, "stagegate.pairs." + id + ".top-n", topN, 1, 1000);
            range(problems, "stagegate.pairs." + id + ".candidates",
                    p.candidates().orElse(Math.max(io.stagegate.catalog.PairDefinition.DEFAULT_CANDIDATES, topN)), topN, 1000);
            try {
                PairFactory.pair(id, p, lexical);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().contains("candidates must be") && !e.getMessage().contains("top-n must be")) {
                    problems.add(e.getMessage());
                }
            }
        });
        if (!config.pairs().containsKey(config.defaultPair())) {
            problems.add("stagegate.default-pair names pair '" + config.defaultPair() + "', which is not configured; pairs: "
                    + config.pairs().keySet());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    private static void index(List<String> problems, StagegateConfig.IndexConfig index) {
        if (index.backend() != IndexBackend.SOLRCLOUD) {
            return;
        }
        StagegateConfig.SolrConfig solr = index.solr();
        boolean urls = solr.urls().filter(u -> !u.isEmpty()).isPresent();
        if (urls == solr.zkHost().filter(z -> !z.isBlank()).isPresent()) {
            problems.add("stagegate.index.solr needs exactly one of urls and zk-host, had "
                    + (urls ? "both" : "neither"));
        }
        solr.urls().orElse(List.of()).stream().filter(u -> !u.matches("https?://[^\\s/]+(/\\S*)?"))
                .forEach(u -> problems.add("stagegate.index.solr.urls must be http(s)://host:port/solr URLs, was " + u));
        if (!solr.collection().matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")) {
            problems.add("stagegate.index.solr.collection must be 1..100 of [A-Za-z0-9_.-], not starting with . or -,"
                    + " was '" + solr.collection() + "'");
        }
        range(problems, "stagegate.index.solr.shards", solr.shards(), 1, 1024);
        range(problems, "stagegate.index.solr.replication-factor", solr.replicationFactor(), 1, 16);
        if (!(solr.overFetch() >= 1 && solr.overFetch() <= 100)) {
            problems.add("stagegate.index.solr.over-fetch must be 1..100, was " + solr.overFetch());
        }
        range(problems, "stagegate.index.solr.request-timeout (ms)", solr.requestTimeout().toMillis(), 100, 600_000);
    }

    private static void replication(List<String> problems, StagegateConfig config) {
        StagegateConfig.IndexConfig index = config.index();
        if (!index.replicationTopic().matches("[A-Za-z0-9._-]{1,249}")) {
            problems.add("stagegate.index.replication-topic must be 1-249 characters of [A-Za-z0-9._-], was '"
                    + index.replicationTopic() + "'");
        }
        range(problems, "stagegate.index.replication-partitions", index.replicationPartitions(), 1, 10_000);
        range(problems, "stagegate.index.replication-timeout (ms)", index.replicationTimeout().toMillis(), 100, 600_000);
        if (index.replication() != Replication.KAFKA) {
            return;
        }
        if (index.backend() == IndexBackend.SOLRCLOUD) {
            problems.add("stagegate.index.replication=kafka cannot be combined with stagegate.index.backend=solrcloud: "
                    + "every gateway replica already reads and writes the same SolrCloud collection");
        }
        if (config.events().kafka().bootstrapServers().filter(b -> !b.isBlank()).isEmpty()) {
            problems.add("stagegate.index.replication=kafka needs stagegate.events.kafka.bootstrap-servers (the Kafka "
                    + "that holds the documents topic)");
        }
    }

    private static void events(List<String> problems, StagegateConfig.EventsConfig e) {
        range(problems, "stagegate.events.buffer", e.buffer(), 1, 10_000_000);
        range(problems, "stagegate.events.replay-batch", e.replayBatch(), 1, 100_000);
        range(problems, "stagegate.events.gather (ms)", e.gather().toMillis(), 0, 1000);
        range(problems, "stagegate.events.retry-interval (ms)", e.retryInterval().toMillis(), 10, 600_000);
        range(problems, "stagegate.events.replay-timeout (ms)", e.replayTimeout().toMillis(), 100, 600_000);
        range(problems, "stagegate.events.slow-after (ms)", e.slowAfter().toMillis(), 10, 600_000);
        range(problems, "stagegate.events.shutdown-timeout (ms)", e.shutdownTimeout().toMillis(), 0, 600_000);
        StagegateConfig.KafkaConfig k = e.kafka();
        k.bootstrapServers().ifPresent(b -> {
            if (!b.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
                problems.add("stagegate.events.kafka.bootstrap-servers must be host:port[,host:port...], was '" + b + "'");
            }
        });
        range(problems, "stagegate.events.kafka.linger (ms)", k.linger().toMillis(), 0, 60_000);
        range(problems, "stagegate.events.kafka.request-timeout (ms)", k.requestTimeout().toMillis(), 100, 600_000);
        range(problems, "stagegate.events.kafka.delivery-timeout (ms)", k.deliveryTimeout().toMillis(),
                k.linger().toMillis() + k.requestTimeout().toMillis(), 3_600_000);
        range(problems, "stagegate.events.kafka.max-block (ms)", k.maxBlock().toMillis(), 0, 600_000);
        for (String fixed : List.of("acks", "enable.idempotence", "key.serializer", "value.serializer")) {
            if (k.producer().containsKey(fixed)) {
                problems.add("stagegate.events.kafka.producer." + fixed + " cannot be set: the publisher relies on its value");
            }
        }
        StagegateConfig.TopicsConfig t = e.topics();
        try {
            new io.stagegate.events.EventTopics(t.query(), t.feedback(), t.training(), t.shadow());
        } catch (IllegalArgumentException ex) {
            problems.add("stagegate.events.topics: " + ex.getMessage());
        }
        range(problems, "stagegate.events.topics.partitions", t.partitions(), 1, 10_000);
        range(problems, "stagegate.events.topics.replication-factor", t.replicationFactor(), 1, 16);
        StagegateConfig.SpoolConfig s = e.spool();
        range(problems, "stagegate.events.spool.segment-bytes", s.segmentBytes(), 4096, 1L << 30);
        range(problems, "stagegate.events.spool.max-bytes", s.maxBytes(), s.segmentBytes(), 1L << 42);
        range(problems, "stagegate.events.spool.fsync-interval (ms)", s.fsyncInterval().toMillis(), 1, 600_000);
    }

    private static void range(List<String> problems, String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(key + " must be " + min + ".." + max + ", was " + value);
        }
    }
}

package io.stagegate.observe;

/**
 * Every metric name the gateway exports, in one place (Micrometer's dotted form; Prometheus shows them with underscores
 * and unit suffixes, e.g. {@code stagegate.search.stage} as {@code stagegate_search_stage_seconds}). The README's metric
 * table, the Grafana dashboard and the autoscaler refer to these names.
 */
public final class MetricNames {
    private MetricNames() {
    }

    /** Timer per pair and stage (embed, ann, rerank, total) of every served search, any transport. */
    public static final String SEARCH_STAGE = "stagegate.search.stage";
    /** Counter of searches per pair, transport and outcome (ok or an error kind). */
    public static final String SEARCH_REQUESTS = "stagegate.search.requests";
    /** Counter of searches an experiment routed, per experiment and arm. */
    public static final String ROUTING_ASSIGNMENTS = "stagegate.routing.assignments";
    /** Counter of shadow runs per experiment, shadow pair and outcome (ok, failed, timeout, shed). */
    public static final String SHADOW_RUNS = "stagegate.shadow.runs";
    /** Distribution of overlap@10 and RBO between primary and shadow, per experiment, shadow pair and noise_floor. */
    public static final String SHADOW_OVERLAP = "stagegate.shadow.overlap";
    public static final String SHADOW_RBO = "stagegate.shadow.rbo";
    /**
     * Gauge per experiment: the sample-ratio check's p-value over the units of its latest version in this replica's
     * live window (1 until there are two arms with units); alert when it drops below 0.001.
     */
    public static final String EXPERIMENT_SRM_P_VALUE = "stagegate.experiment.srm.p.value";
    /** Gauge: shadow runs in flight. */
    public static final String SHADOW_IN_FLIGHT = "stagegate.shadow.in.flight";
    /** Counter of search hits turned into documents by the embedded index, tagged result = hit or miss of its cache. */
    public static final String DOCUMENT_CACHE = "stagegate.index.document.cache";
    /** Gauge: heap the embedded index's document cache holds (estimated). */
    public static final String DOCUMENT_CACHE_BYTES = "stagegate.index.document.cache.bytes";
    /** Counter of ingested documents. */
    public static final String INGESTED = "stagegate.ingest.documents";
    /** Gauge: documents-topic records this replica has not applied yet (index.replication=kafka). */
    public static final String REPLICATION_LAG = "stagegate.index.replication.lag";
    /** Counter of documents-topic records this replica applied to its index. */
    public static final String REPLICATION_APPLIED = "stagegate.index.replication.applied";
    /** Gauge: documents still to embed for checkpoints registered at runtime. */
    public static final String CHECKPOINT_BACKFILL_PENDING = "stagegate.checkpoint.backfill.pending";
    /** Gauge: checkpoints configured for CUDA that run on CPU instead. */
    public static final String CUDA_FALLBACKS = "stagegate.checkpoint.cuda.fallbacks";

    /** Batcher metrics, tagged by checkpoint. */
    public static final String BATCH_SIZE = "stagegate.batch.size";
    public static final String BATCH_PADDED_TOKENS = "stagegate.batch.padded.tokens";
    public static final String BATCH_TOKENS_REAL = "stagegate.batch.tokens.real";
    public static final String BATCH_TOKENS_PADDED = "stagegate.batch.tokens.padded";
    public static final String BATCH_QUEUE_WAIT = "stagegate.batch.queue.wait";
    public static final String BATCH_INFERENCE = "stagegate.batch.inference";
    public static final String BATCH_QUEUE_ITEMS = "stagegate.batch.queue.items";
    public static final String BATCH_QUEUE_TOKENS = "stagegate.batch.queue.tokens";
    public static final String BATCH_DROPPED = "stagegate.batch.dropped";

    /** Event delivery. */
    public static final String EVENTS_PUBLISHED = "stagegate.events.published";
    public static final String EVENTS_SPOOLED = "stagegate.events.spooled";
    public static final String EVENTS_REPLAYED = "stagegate.events.replayed";
    public static final String EVENTS_DROPPED = "stagegate.events.dropped";
    public static final String EVENTS_SPOOL_PENDING = "stagegate.events.spool.pending";
    public static final String EVENTS_SPOOL_BYTES = "stagegate.events.spool.bytes";
    public static final String EVENTS_BUFFERED = "stagegate.events.buffered";
}

package io.stagegate.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.index.DocumentCache;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.replication.CorpusApplier;
import io.stagegate.index.replication.KafkaDocumentWrites;
import io.stagegate.catalog.Gateway;

/** Meters of the index: the embedded index's document cache and, for replicas, the documents topic they apply. */
public final class IndexMetrics {
    private IndexMetrics() {
    }

    public static void register(Gateway gateway, MeterRegistry registry) {
        if (gateway.store() instanceof LuceneStore lucene && lucene.documentCache().enabled()) {
            DocumentCache cache = lucene.documentCache();
            FunctionCounter.builder(MetricNames.DOCUMENT_CACHE, cache, DocumentCache::hits).tag("result", "hit")
                    .description("Search hits turned into documents, by whether the document cache had them")
                    .register(registry);
            FunctionCounter.builder(MetricNames.DOCUMENT_CACHE, cache, DocumentCache::misses).tag("result", "miss")
                    .description("Search hits turned into documents, by whether the document cache had them")
                    .register(registry);
            Gauge.builder(MetricNames.DOCUMENT_CACHE_BYTES, cache, DocumentCache::usedBytes)
                    .description("Heap the document cache holds, in bytes (estimated)").register(registry);
        }
        if (gateway.writes() instanceof KafkaDocumentWrites k) {
            CorpusApplier applier = k.applier();
            Gauge.builder(MetricNames.REPLICATION_LAG, applier, CorpusApplier::lag)
                    .description("Documents-topic records this replica has not applied yet").register(registry);
            FunctionCounter.builder(MetricNames.REPLICATION_APPLIED, applier, CorpusApplier::applied)
                    .description("Documents-topic records this replica applied to its index").register(registry);
        }
    }
}

package io.stagegate.index.solr;

import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the SolrCloud collection is and how the gateway uses it. Exactly one of {@code urls} (node base URLs) and
 * {@code zkHost} names the cluster. {@code overFetch} stands in for efSearch, which Solr 9 lacks: each shard is asked
 * for topK = ceil(k x overFetch) nearest vectors.
 */
public record SolrSettings(List<String> urls, Optional<String> zkHost, String collection, int shards,
                           int replicationFactor, double overFetch, boolean shardsTolerant, Duration requestTimeout,
                           HnswSettings hnsw, LexicalSettings lexical) {
    public SolrSettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty() == zkHost.isEmpty()) {
            throw new IllegalArgumentException("solr needs exactly one of urls and zk-host, had "
                    + (urls.isEmpty() ? "neither" : "both"));
        }
        if (!collection.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("solr collection must be 1..100 of [A-Za-z0-9_.-], was '" + collection + "'");
        }
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("solr shards must be 1..1024, was " + shards);
        }
        if (replicationFactor < 1 || replicationFactor > 16) {
            throw new IllegalArgumentException("solr replication factor must be 1..16, was " + replicationFactor);
        }
        if (!(overFetch >= 1 && overFetch <= 100)) {
            throw new IllegalArgumentException("solr over-fetch must be 1..100, was " + overFetch);
        }
        if (requestTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("solr request timeout must be at least 100 ms, was " + requestTimeout);
        }
    }

    /** The topK each shard is asked for when k documents are wanted. */
    public int topK(int k) {
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.ceil(k * overFetch));
    }
}

package io.stagegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The startup checks of the events settings, on the real mapping built from properties. */
class ConfigChecksTest {
    private static StagegateConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("stagegate.pairs.default.embedder", "all-minilm-l6-v2"));
        props.putAll(extra);
        // Quarkus' converter reads durations like 50ms, as the application does.
        return new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build()
                .getConfigMapping(StagegateConfig.class);
    }

    @Test
    void durabilityDefaultsToBufferedAndTakesWriteAhead() {
        assertEquals(io.stagegate.events.Durability.BUFFERED, config(Map.of()).events().durability());
        ConfigChecks.validate(config(Map.of()));
        ConfigChecks.validate(config(Map.of("stagegate.events.durability", "write-ahead")));
    }

    @Test
    void anUnknownDurabilityIsNamedWithItsValue() {
        // An enumeration: the mapping refuses it at load, naming the key, the value and the allowed values.
        assertRefusedAtLoad(Map.of("stagegate.events.durability", "sync"), "stagegate.events.durability", "sync",
                "buffered", "write-ahead");
    }

    @Test
    void theIndexBackendDefaultsToLuceneAndSolrCloudNeedsOneWayToTheCluster() {
        assertEquals(IndexBackend.LUCENE, config(Map.of()).index().backend());
        ConfigChecks.validate(config(Map.of("stagegate.index.backend", "solrcloud",
                "stagegate.index.solr.urls", "http://127.0.0.1:8983/solr")));
        ConfigChecks.validate(config(Map.of("stagegate.index.backend", "solrcloud",
                "stagegate.index.solr.zk-host", "127.0.0.1:9983/solr")));
        assertRefusedAtLoad(Map.of("stagegate.index.backend", "elastic"), "stagegate.index.backend", "elastic", "lucene",
                "solrcloud");
        assertProblem(Map.of("stagegate.index.backend", "solrcloud"),
                "stagegate.index.solr needs exactly one of urls and zk-host, had neither");
        assertProblem(Map.of("stagegate.index.backend", "solrcloud", "stagegate.index.solr.urls", "http://a:1/solr",
                "stagegate.index.solr.zk-host", "a:2"), "stagegate.index.solr needs exactly one of urls and zk-host, had both");
    }

    @Test
    void replicationDefaultsToNoneAndKafkaNeedsKafkaAndTheLuceneBackend() {
        StagegateConfig defaults = config(Map.of());
        assertEquals(Replication.NONE, defaults.index().replication());
        assertEquals("stagegate.documents.v1", defaults.index().replicationTopic());
        assertEquals(6, defaults.index().replicationPartitions());
        assertEquals(java.time.Duration.ofSeconds(30), defaults.index().replicationTimeout());
        Map<String, String> kafka = Map.of("stagegate.index.replication", "kafka",
                "stagegate.events.kafka.bootstrap-servers", "127.0.0.1:9092");
        ConfigChecks.validate(config(kafka));
        assertProblem(Map.of("stagegate.index.replication", "kafka"),
                "stagegate.index.replication=kafka needs stagegate.events.kafka.bootstrap-servers");
        assertProblem(with(with(kafka, "stagegate.index.backend", "solrcloud"), "stagegate.index.solr.urls", "http://a:1/solr"),
                "stagegate.index.replication=kafka cannot be combined with stagegate.index.backend=solrcloud");
        assertRefusedAtLoad(Map.of("stagegate.index.replication", "zookeeper"), "stagegate.index.replication", "zookeeper",
                "none", "kafka");
    }

    @Test
    void replicationSettingsAreRangeChecked() {
        assertProblem(Map.of("stagegate.index.replication-partitions", "0"),
                "stagegate.index.replication-partitions must be 1..10000, was 0");
        assertProblem(Map.of("stagegate.index.replication-timeout", "10ms"),
                "stagegate.index.replication-timeout (ms) must be 100..600000, was 10");
        assertProblem(Map.of("stagegate.index.replication-topic", "bad topic"),
                "stagegate.index.replication-topic must be 1-249 characters of [A-Za-z0-9._-], was 'bad topic'");
    }

    @Test
    void solrSettingsAreRangeChecked() {
        Map<String, String> base = Map.of("stagegate.index.backend", "solrcloud",
                "stagegate.index.solr.urls", "http://127.0.0.1:8983/solr");
        assertProblem(with(base, "stagegate.index.solr.shards", "0"), "stagegate.index.solr.shards must be 1..1024, was 0");
        assertProblem(with(base, "stagegate.index.solr.replication-factor", "17"),
                "stagegate.index.solr.replication-factor must be 1..16, was 17");
        assertProblem(with(base, "stagegate.index.solr.over-fetch", "0.5"),
                "stagegate.index.solr.over-fetch must be 1..100, was 0.5");
        assertProblem(with(base, "stagegate.index.solr.collection", "-bad name"),
                "stagegate.index.solr.collection must be 1..100 of [A-Za-z0-9_.-]");
        assertProblem(with(base, "stagegate.index.solr.urls", "127.0.0.1:8983"),
                "stagegate.index.solr.urls must be http(s)://host:port/solr URLs, was 127.0.0.1:8983");
        assertProblem(with(base, "stagegate.index.solr.request-timeout", "10ms"),
                "stagegate.index.solr.request-timeout (ms) must be 100..600000, was 10");
        // Solr settings are not checked while the backend is lucene.
        ConfigChecks.validate(config(Map.of("stagegate.index.solr.shards", "0")));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static void assertRefusedAtLoad(Map<String, String> props, String... named) {
        RuntimeException e = assertThrows(io.smallrye.config.ConfigValidationException.class, () -> config(props));
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "'" + n + "' in: " + e.getMessage());
        }
    }

    private static void assertProblem(Map<String, String> props, String problem) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigChecks.validate(config(props)));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}

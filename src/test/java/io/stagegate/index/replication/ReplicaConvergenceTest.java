package io.stagegate.index.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stagegate.Document;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.config.ConfigChecks;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.StagegateConfig;
import io.stagegate.index.Ingestor;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import io.stagegate.catalog.Gateway;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway replicas of the embedded index over one documents topic on the real test broker, each with its own data
 * directory, models and applier, wired as the server wires them (GatewayProducer.replica): whatever replica ingests,
 * they end with identical documents and bit-identical vectors, resume from their committed offsets after a restart,
 * and a fresh replica rebuilds the corpus from the compacted topic alone.
 */
class ReplicaConvergenceTest {
    private static final String EMBEDDER = "all-minilm-l6-v2";
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private static StagegateConfig config(String topic, String servers) {
        Map<String, String> props = new HashMap<>(Map.of(
                "stagegate.pairs.default.embedder", EMBEDDER,
                "stagegate.index.replication", "kafka",
                "stagegate.index.replication-topic", topic,
                "stagegate.index.replication-partitions", "3",
                "stagegate.index.replication-timeout", "20s",
                "stagegate.events.kafka.bootstrap-servers", servers,
                "stagegate.inference.intra-op-threads", "1"));
        StagegateConfig config = new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build()
                .getConfigMapping(StagegateConfig.class);
        ConfigChecks.validate(config);
        return config;
    }

    private static Gateway replica(StagegateConfig config, Path dir) {
        return GatewayProducer.replica(config, dir, id -> BatchListener.NONE);
    }

    private static CorpusApplier applier(Gateway g) {
        return ((KafkaDocumentWrites) g.writes()).applier();
    }

    private static List<Document> docs(int from, int to, String variant) {
        List<Document> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Document("d" + i, "Title " + i, variant + " document " + i + " about "
                    + List.of("proteins", "galaxies", "rivers", "compilers", "vaccines").get(i % 5) + " and topic " + (i * 7 % 11),
                    Map.of("n", i, "variant", variant)));
        }
        return out;
    }

    /** Every document with the raw bits of every vector, by id: equal maps mean identical indexes. */
    private static Map<String, String> contents(Gateway g) {
        Map<String, String> out = new TreeMap<>();
        ((LuceneStore) g.store()).export(100, batch -> {
            for (StoredDocument d : batch) {
                StringBuilder s = new StringBuilder(d.document().toString());
                new TreeMap<>(d.vectors()).forEach((e, v) -> {
                    s.append(' ').append(e).append(':');
                    for (float f : v) {
                        s.append(Integer.toHexString(Float.floatToRawIntBits(f))).append(',');
                    }
                });
                out.put(d.document().id(), s.toString());
            }
        });
        return out;
    }

    private static List<String> search(Gateway g, String query) {
        float[] q = g.embedder(EMBEDDER).embedder().embedQuery(query).vector();
        return g.store().vectorIndex(EMBEDDER).search(q, 10).stream().map(c -> c.document().id() + "=" + c.annScore()).toList();
    }

    private static void awaitSame(Gateway a, Gateway b) {
        Eventually.until(CONVERGE, () -> applier(a).caughtUp() && applier(b).caughtUp() && contents(a).equals(contents(b)),
                "replicas converge");
    }

    @Test
    void twoReplicasIngestingThroughEitherEndIdentical(@TempDir Path dir) {
        StagegateConfig config = config("test.documents." + UUID.randomUUID(), KafkaBroker.ensureRunning());
        try (Gateway a = replica(config, dir.resolve("a")); Gateway b = replica(config, dir.resolve("b"))) {
            a.ingestor().ingest(docs(0, 20, "first"), Ingestor.Progress.NONE);
            // Read-your-writes: the ingesting replica serves its documents as soon as the ingest returns.
            assertEquals(20, a.store().size());
            List<Document> viaB = new ArrayList<>(docs(20, 30, "first"));
            viaB.add(docs(3, 4, "updated").get(0));
            b.ingestor().ingest(viaB, Ingestor.Progress.NONE);
            assertTrue(b.store().get("d3").orElseThrow().text().startsWith("updated"), "B reads its own update at once");
            awaitSame(a, b);
            Map<String, String> same = contents(a);
            assertEquals(30, same.size());
            assertTrue(same.get("d3").contains("updated document 3"), same.get("d3"));
            assertTrue(same.values().stream().allMatch(s -> s.contains(EMBEDDER + ":")), "every document carries its vector");
            for (String query : List.of("protein folding", "distant galaxies", "river floods", "compiler bugs")) {
                assertEquals(search(a, query), search(b, query), query);
            }
            assertTrue(a.corpusNotReady().isEmpty() && b.corpusNotReady().isEmpty());
            assertEquals(0, applier(a).skipped() + applier(b).skipped());
        }
    }

    @Test
    void aRestartedReplicaResumesFromItsOffsetsAndAFreshOneReplaysTheTopic(@TempDir Path dir) {
        StagegateConfig config = config("test.documents." + UUID.randomUUID(), KafkaBroker.ensureRunning());
        try (Gateway a = replica(config, dir.resolve("a"))) {
            try (Gateway b = replica(config, dir.resolve("b"))) {
                a.ingestor().ingest(docs(0, 15, "first"), Ingestor.Progress.NONE);
                awaitSame(a, b);
                assertEquals(15, applier(b).applied());
            }
            List<Document> whileDown = new ArrayList<>(docs(15, 25, "first"));
            whileDown.add(docs(0, 1, "updated").get(0));
            a.ingestor().ingest(whileDown, Ingestor.Progress.NONE);
            try (Gateway b = replica(config, dir.resolve("b"))) {
                awaitSame(a, b);
                assertEquals(25, b.store().size());
                assertEquals(whileDown.size(), applier(b).applied(), "B applied only what it missed, not the whole topic");
            }
            try (Gateway c = replica(config, dir.resolve("c"))) {
                awaitSame(a, c);
                assertEquals(15 + whileDown.size(), applier(c).applied(), "a fresh replica replays the topic");
                assertEquals(search(a, "vaccines and rivers"), search(c, "vaccines and rivers"));
            }
        }
    }

    @Test
    void aDeleteOnOneReplicaReachesEveryReplicaAndOneThatWasDown(@TempDir Path dir) {
        StagegateConfig config = config("test.documents." + UUID.randomUUID(), KafkaBroker.ensureRunning());
        try (Gateway a = replica(config, dir.resolve("a"))) {
            try (Gateway b = replica(config, dir.resolve("b"))) {
                a.ingestor().ingest(docs(0, 10, "first"), Ingestor.Progress.NONE);
                awaitSame(a, b);
                assertTrue(b.ingestor().delete("d2"), "B had it");
                assertTrue(b.store().get("d2").isEmpty(), "B forgets it as the call returns");
                assertTrue(search(b, "rivers and topic 3").stream().noneMatch(h -> h.startsWith("d2=")));
                awaitSame(a, b);
                assertTrue(a.store().get("d2").isEmpty());
                assertEquals(false, a.ingestor().delete("never-there"));
            }
            // While B is down: one delete, and an id deleted then ingested again (the later write wins everywhere).
            a.ingestor().delete("d5");
            a.ingestor().delete("d7");
            a.ingestor().ingest(docs(7, 8, "reborn"), Ingestor.Progress.NONE);
            try (Gateway b = replica(config, dir.resolve("b"))) {
                awaitSame(a, b);
                assertTrue(b.store().get("d5").isEmpty());
                assertTrue(b.store().get("d7").orElseThrow().text().startsWith("reborn"));
                assertEquals(8, b.store().size());
            }
            try (Gateway c = replica(config, dir.resolve("c"))) {
                awaitSame(a, c);
                assertEquals(8, c.store().size(), "a fresh replica replays the tombstones too");
            }
        }
    }

    @Test
    void anUnreachableKafkaFailsTheIngestNamingTheTopicAndWritesNothing(@TempDir Path dir) {
        StagegateConfig config = config("test.documents.unreachable", "127.0.0.1:1");
        try (Gateway a = replica(config, dir.resolve("a"))) {
            assertTrue(a.corpusNotReady().orElseThrow().contains("replaying documents topic test.documents.unreachable"));
            StagegateException e = assertThrows(StagegateException.class,
                    () -> a.ingestor().ingest(docs(0, 2, "first"), Ingestor.Progress.NONE));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("cannot publish documents to topic test.documents.unreachable"), e.getMessage());
            assertEquals(0, a.store().size());
            StagegateException d = assertThrows(StagegateException.class, () -> a.ingestor().delete("d0"));
            assertEquals(ErrorKind.UNAVAILABLE, d.kind());
            assertTrue(d.getMessage().contains("topic test.documents.unreachable"), d.getMessage());
        }
    }
}

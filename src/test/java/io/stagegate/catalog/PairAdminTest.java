package io.stagegate.catalog;

import io.stagegate.experiments.ExperimentStore;
import io.stagegate.experiments.Experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.CheckpointPair;
import io.stagegate.Document;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.index.DemoCorpus;
import io.stagegate.index.Ingestor;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.model.ModelCatalog;
import io.stagegate.pipeline.StageExecutors;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.SharedCatalog;
import io.stagegate.testing.TestGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runtime pairs on real models and a real Lucene store: background backfill, racing ingest, restart. */
@ExtendWith(SharedCatalog.class)
class PairAdminTest {
    private static final CheckpointPair BASE = new CheckpointPair("default", "all-minilm-l6-v2", Optional.empty(), 20, 5);
    private static final PairDefinition INT8 = new PairDefinition("q", "all-minilm-l6-v2-q", null, 20, 5);

    @TempDir
    Path dir;

    private Gateway gateway(ModelCatalog catalog) {
        return Gateway.builder(new LuceneStore(dir.resolve("corpus"), HnswSettings.defaults()), catalog,
                        new StageExecutors(1, 64, 1, 64))
                .batching(new Batchers.Settings(TestGateways.POLICY, id -> 1, id -> BatchListener.NONE))
                .serve(Map.of(BASE.id(), BASE), BASE.id());
    }

    private PairAdmin admin(Gateway gateway) {
        Experiments experiments = Experiments.open(new ExperimentStore(dir.resolve("experiments.json")),
                new Experiments.Pairs() {
                    @Override
                    public boolean exists(String pairId) {
                        return gateway.pairs().containsKey(pairId);
                    }

                    @Override
                    public Optional<String> notReady(String pairId) {
                        return gateway.notReady(pairId);
                    }
                }, List.of());
        return new PairAdmin(gateway, experiments::using, dir.resolve("pairs.json"), Set.of(BASE.id()),
                d -> d.toPair(List.of()));
    }

    private static PairAdmin.Status status(PairAdmin admin, String id) {
        return admin.list().stream().filter(s -> s.pair().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aNewPairIsBackfilledInTheBackgroundWhileIngestRacesItAndSurvivesARestart(ModelCatalog catalog) throws Exception {
        List<Document> demo = DemoCorpus.load();
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            gateway.ingestor().ingest(demo, Ingestor.Progress.NONE);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger round = new AtomicInteger();
            // Re-ingest changed texts of the first ten documents while the new pair is created and backfilled: the
            // backfill must never write a vector of an old text over a newer document.
            Thread writer = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    int r = round.incrementAndGet();
                    List<Document> changed = new ArrayList<>();
                    for (Document d : demo.subList(0, 10)) {
                        changed.add(new Document(d.id(), d.title(), d.text() + " (revision " + r + ")", d.metadata()));
                    }
                    gateway.ingestor().ingest(changed, Ingestor.Progress.NONE);
                }
            });
            PairAdmin.Status created = admin.create(INT8);
            assertEquals("runtime", created.origin());
            Eventually.until(Duration.ofSeconds(120), () -> status(admin, "q").ready(), "pair q ready");
            stop.set(true);
            writer.join();
            assertEquals(demo.size(), gateway.pipeline("q").index().size());
            for (Document d : demo.subList(0, 10)) {
                Document stored = gateway.store().get(d.id()).orElseThrow();
                assertTrue(stored.text().endsWith("(revision " + round.get() + ")"), "latest text kept: " + stored.text());
            }
            // Every stored vector of q is the embedding of the stored text (int8 per item: exact).
            var embedder = gateway.embedder("all-minilm-l6-v2-q").embedder();
            for (var hit : gateway.pipeline("q").index().search(embedder.embedDocuments(
                    List.of(gateway.store().get(demo.get(3).id()).orElseThrow().embeddingText()))[0], 1)) {
                assertEquals(demo.get(3).id(), hit.document().id());
                assertEquals(1.0, hit.annScore(), 1e-5, "the stored vector is the latest text's");
            }
        }
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            assertFalse(gateway.pairs().containsKey("q"));
            admin.restore();
            assertTrue(gateway.pairs().containsKey("q"));
            assertTrue(status(admin, "q").ready(), "restored and still covering the corpus");
        }
    }

    /**
     * The race a background backfill must survive, made certain: between embedding a slice of documents and writing
     * their vectors, an ingest replaces some of them. Written unconditionally, the backfill would put the old texts
     * back; it must keep the new ones (with the new embedder's vector of the new text, from the ingest itself).
     */
    @Test
    void aBackfillNeverWritesOverADocumentIngestedSinceItWasRead(ModelCatalog catalog) {
        List<Document> demo = DemoCorpus.load();
        try (Gateway gateway = gateway(catalog)) {
            gateway.ingestor().ingest(demo, Ingestor.Progress.NONE);
            gateway.registry().add(INT8.toPair(List.of()));
            AtomicBoolean once = new AtomicBoolean();
            List<Document> revised = demo.subList(0, 5).stream()
                    .map(d -> new Document(d.id(), d.title(), d.text() + " (revised)", d.metadata())).toList();
            int written = gateway.backfills().pair("q", n -> {
                if (once.compareAndSet(false, true)) {
                    gateway.ingestor().ingest(revised, Ingestor.Progress.NONE);
                }
            });
            assertEquals(demo.size() - revised.size(), written, "the revised documents were skipped, not overwritten");
            assertTrue(gateway.notReady("q").isEmpty());
            var embedder = gateway.embedder("all-minilm-l6-v2-q").embedder();
            for (Document d : revised) {
                Document stored = gateway.store().get(d.id()).orElseThrow();
                assertEquals(d.text(), stored.text());
                var hit = gateway.pipeline("q").index().search(embedder.embedDocuments(List.of(d.embeddingText()))[0], 1)
                        .get(0);
                assertEquals(d.id(), hit.document().id());
                assertEquals(1.0, hit.annScore(), 1e-5, "q's vector is the revised text's");
            }
        }
    }

    @Test
    void aPromotedPairStaysDefaultAcrossARestartAndCannotBeDeleted(ModelCatalog catalog) {
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            gateway.ingestor().ingest(DemoCorpus.load().subList(0, 8), Ingestor.Progress.NONE);
            admin.create(INT8);
            Eventually.until(Duration.ofSeconds(60), () -> status(admin, "q").ready(), "q ready");
            admin.promote("q");
            assertEquals("q", gateway.defaultPair());
            assertTrue(status(admin, "q").isDefault());
            assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class, () -> admin.delete("q")).kind());
        }
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            assertEquals("default", gateway.defaultPair(), "configuration's default until restored");
            admin.restore();
            assertEquals("q", gateway.defaultPair());
            admin.promote("default");
        }
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            admin.restore();
            assertEquals("default", gateway.defaultPair());
        }
    }

    @Test
    void configuredAndDefaultPairsAndPairsInUseCannotBeDeleted(ModelCatalog catalog) {
        try (Gateway gateway = gateway(catalog); PairAdmin admin = admin(gateway)) {
            assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class, () -> admin.delete("default")).kind());
            admin.create(INT8);
            assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class, () -> admin.create(INT8)).kind());
            StagegateException bad = assertThrows(StagegateException.class,
                    () -> admin.create(new PairDefinition("x", "no-such", null, null, null)));
            assertEquals(ErrorKind.INVALID_REQUEST, bad.kind());
            assertTrue(bad.getMessage().contains("no-such"));
            admin.delete("q");
            assertFalse(gateway.pairs().containsKey("q"));
            assertEquals(ErrorKind.NOT_FOUND, assertThrows(StagegateException.class, () -> admin.delete("q")).kind());
        }
    }
}

package io.stagegate.catalog;

import io.stagegate.experiments.ExperimentDefinition;
import io.stagegate.experiments.ExperimentStore;
import io.stagegate.experiments.Experiments;
import io.stagegate.experiments.Router;
import io.stagegate.experiments.ShadowRunner;
import io.stagegate.SearchCall;
import io.stagegate.serving.SearchObserver;
import io.stagegate.serving.SearchService;
import io.stagegate.pipeline.Searchers;
import io.stagegate.serving.Served;
import io.stagegate.Transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.CheckpointPair;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.Caller;
import io.stagegate.events.Event;
import io.stagegate.events.EventSink;
import io.stagegate.events.QueryEvents;
import io.stagegate.events.ShadowEvent;
import io.stagegate.index.DemoCorpus;
import io.stagegate.index.Ingestor;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.CheckpointPaths;
import io.stagegate.model.ModelCatalog;
import io.stagegate.model.ModelFiles;
import io.stagegate.pipeline.StageExecutors;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.TestGateways;
import io.stagegate.testing.TestModels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop Stagegate promises, on real models, a real store and real files, without a restart until the end: register
 * a trainer's checkpoint directory, wait for its index, run it as a shadow, promote it, replace it with a new version,
 * then restart and find everything as it was left.
 */
class OperationsLoopTest {
    private static final CheckpointPair DEFAULT = new CheckpointPair("default", "all-minilm-l6-v2", Optional.empty(), 20, 5);

    @TempDir
    Path dir;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final EventSink sink = event -> {
        events.add(event);
        return EventSink.DONE;
    };

    /** Everything one gateway process holds, over the data directory. */
    private final class Node implements AutoCloseable {
        final Gateway gateway;
        final Experiments experiments;
        final CheckpointAdmin checkpoints;
        final PairAdmin pairs;
        final SearchService search;

        Node() {
            ModelCatalog catalog = TestModels.catalog();
            gateway = Gateway.builder(new LuceneStore(dir.resolve("data/corpus"), HnswSettings.defaults()),
                            catalog, new StageExecutors(1, 64, 1, 64))
                    .batching(new Batchers.Settings(TestGateways.POLICY, id -> 1, id -> BatchListener.NONE))
                    .serve(Map.of(DEFAULT.id(), DEFAULT), DEFAULT.id());
            experiments = Experiments.open(new ExperimentStore(dir.resolve("data/experiments.json")), new Experiments.Pairs() {
                @Override
                public boolean exists(String pairId) {
                    return gateway.pairs().containsKey(pairId);
                }

                @Override
                public Optional<String> notReady(String pairId) {
                    return gateway.notReady(pairId);
                }
            }, List.of());
            checkpoints = new CheckpointAdmin(gateway, Optional.of(new CheckpointPaths(dir.resolve("models"))),
                    dir.resolve("data/checkpoints.json"), Set.of());
            pairs = new PairAdmin(gateway, experiments::using, dir.resolve("data/pairs.json"), Set.of(DEFAULT.id()),
                    d -> d.toPair(List.of()));
            Searchers searchers = new GatewaySearchers(gateway);
            search = new SearchService(searchers, new Router(experiments, gateway::pair, gateway::defaultPair),
                    new ShadowRunner(searchers, sink, ShadowRunner.Observer.NONE, new ShadowRunner.Settings(4,
                            Duration.ofSeconds(10)), System::nanoTime, Clock.systemUTC()),
                    new QueryEvents(sink, gateway::pair, Clock.systemUTC()), SearchObserver.NONE,
                    new SearchService.Limits(Duration.ofSeconds(30), Duration.ofMinutes(1)), gateway::defaultPair,
                    System::nanoTime);
        }

        Served search(String query) {
            return search.search(new SearchCall("q-" + System.nanoTime(), query, Optional.empty(), Optional.empty(),
                    Optional.empty(), false, Optional.empty(), Caller.UNKNOWN, Transport.HTTP)).await().atMost(Duration.ofSeconds(30));
        }

        CheckpointAdmin.Status checkpoint(String id) {
            return checkpoints.list().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            pairs.close();
            checkpoints.close();
            gateway.close();
        }
    }

    /** A trainer's output: a checkpoint directory holding a packaged encoder's files and a descriptor. */
    private void writeCheckpoint(String name, String builtin, String execution) throws Exception {
        ModelFiles files = BuiltinCheckpoints.find(builtin).orElseThrow().files().get();
        CheckpointDirectory.write(dir.resolve("models").resolve(name), files, new CheckpointDirectory.Descriptor("embedder",
                "mean", true, 256, "", "", "last_hidden_state", execution));
    }

    @Test
    void registerShadowPromoteReplaceAndRestart() throws Exception {
        writeCheckpoint("team-emb-v1", "all-minilm-l6-v2-q", "per_item");
        writeCheckpoint("team-emb-v2", "all-minilm-l6-v2", "batched");
        try (Node node = new Node()) {
            node.gateway.ingestor().ingest(DemoCorpus.load(), Ingestor.Progress.NONE);

            // Refused registrations change nothing.
            StagegateException escape = assertThrows(StagegateException.class,
                    () -> node.checkpoints.register(new CheckpointAdmin.Registration("bad", "../elsewhere", null)));
            assertTrue(escape.getMessage().contains("'..'"));
            assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class,
                    () -> node.checkpoints.register(new CheckpointAdmin.Registration("all-minilm-l6-v2", "team-emb-v1", null)))
                    .kind());

            node.checkpoints.register(new CheckpointAdmin.Registration("team-emb", "team-emb-v1", null));
            Eventually.until(Duration.ofSeconds(120), () -> node.checkpoint("team-emb").state().equals("ready"),
                    "team-emb backfilled");
            node.pairs.create(new PairDefinition("candidate", "team-emb", null, 20, 5));
            assertTrue(node.gateway.notReady("candidate").isEmpty(), "the checkpoint's vectors already cover the corpus");

            // Shadow it against the default pair on live traffic.
            node.experiments.create(new ExperimentDefinition("try-candidate", "ab",
                    List.of(new ExperimentDefinition.ArmDefinition("default", 1.0)),
                    List.of(new ExperimentDefinition.ShadowDefinition("candidate", 1.0)), null, null, "running"));
            for (String q : List.of("how do bees make honey", "volcano eruptions", "black holes and stars")) {
                assertEquals("default", node.search(q).result().pairId());
            }
            Eventually.until(Duration.ofSeconds(30), () -> events.stream().filter(e -> e instanceof ShadowEvent s
                    && s.outcome().equals("ok") && s.shadowPair().equals("candidate")).count() == 3, "three shadow runs");
            ShadowEvent shadow = (ShadowEvent) events.stream().filter(e -> e instanceof ShadowEvent).findFirst().orElseThrow();
            assertTrue(shadow.overlapAt10() > 0.4, "int8 MiniLM agrees with fp32 MiniLM on most results: " + shadow);

            // Promote it: new traffic goes to it, and a pair that is the default cannot be deleted.
            node.experiments.update("try-candidate", new ExperimentDefinition("try-candidate", "ab",
                    List.of(new ExperimentDefinition.ArmDefinition("default", 1.0)),
                    List.of(new ExperimentDefinition.ShadowDefinition("candidate", 1.0)), null, null, "stopped"));
            node.pairs.promote("candidate");
            assertEquals("candidate", node.search("how do bees make honey").result().pairId());
            assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class,
                    () -> node.checkpoints.delete("team-emb")).kind(), "a checkpoint a pair uses cannot go");

            // A new version of the checkpoint: it backfills beside the serving one and takes over when complete.
            List<String> before = ids(node.search("how do bees make honey"));
            node.checkpoints.register(new CheckpointAdmin.Registration("team-emb", "team-emb-v2", null));
            Eventually.until(Duration.ofSeconds(120), () -> node.checkpoint("team-emb").serving().equals("team-emb@2")
                    && node.checkpoint("team-emb").state().equals("ready"), "team-emb version 2 serving");
            assertEquals(2, node.checkpoint("team-emb").version());
            List<String> after = ids(node.search("how do bees make honey"));
            assertEquals(before.get(0), after.get(0), "the same kind of model still finds the best document");
            assertEquals(List.of("candidate"), node.checkpoint("team-emb").usedBy());
        }
        try (Node restarted = new Node()) {
            restarted.checkpoints.restore();
            restarted.pairs.restore();
            assertEquals("candidate", restarted.gateway.defaultPair(), "the promotion outlives the restart");
            assertEquals("team-emb@2", restarted.gateway.resolve("team-emb"), "and so does the replacement");
            Eventually.until(Duration.ofSeconds(60), () -> restarted.checkpoint("team-emb").state().equals("ready"),
                    "nothing left to backfill after the restart");
            assertTrue(restarted.gateway.notReady("candidate").isEmpty());
            Served served = restarted.search("how do bees make honey");
            assertEquals("candidate", served.result().pairId());
            assertFalse(served.result().hits().isEmpty());
        }
    }

    private static List<String> ids(Served s) {
        return s.result().hits().stream().map(io.stagegate.ScoredDocument::id).toList();
    }
}

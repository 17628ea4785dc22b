package io.stagegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.catalog.PairDefinition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pair configuration becomes CheckpointPairs; mistakes are refused naming the key. */
class PairFactoryTest {
    record Fusing(String methodName, int rrfK, Optional<List<Double>> weights, String normalizationName)
            implements StagegateConfig.FusionConfig {
        public Fusion.Method method() {
            return Fusion.Method.parse(methodName);
        }

        public Fusion.Normalization normalization() {
            return Fusion.Normalization.parse(normalizationName);
        }

        static Fusing defaults() {
            return new Fusing("rrf", 60, Optional.empty(), "minmax");
        }
    }

    record Rescore(Optional<List<String>> embedders, boolean bm25, StagegateConfig.FusionConfig fusion)
            implements StagegateConfig.RescoreConfig {
        static Rescore none() {
            return new Rescore(Optional.empty(), false, Fusing.defaults());
        }
    }

    record Pair(String embedder, String retrieverName, Optional<String> lexical, StagegateConfig.FusionConfig fusion,
                Optional<String> reranker, StagegateConfig.RescoreConfig rescore, int k, int n)
            implements StagegateConfig.PairConfig {
        public Retriever retriever() {
            return Retriever.parse(retrieverName);
        }

        public Optional<Integer> candidates() {
            return Optional.of(k);
        }

        public Optional<Integer> topN() {
            return Optional.of(n);
        }

        static Pair dense(String embedder) {
            return new Pair(embedder, "dense", Optional.empty(), Fusing.defaults(), Optional.empty(), Rescore.none(), 100, 10);
        }
    }

    @Test
    void theDefaultPairsConfigurationGivesExactlyTheDensePairItAlwaysWas() {
        CheckpointPair p = PairFactory.pair("default", Pair.dense("bge-small-en-v1.5"), List.of());
        assertEquals(new CheckpointPair("default", "bge-small-en-v1.5", Optional.empty(), 100, 10), p);
        assertEquals(Retriever.DENSE, p.retriever());
        assertEquals(SecondStage.NONE, p.secondStage());
        assertEquals(Optional.empty(), p.reranker());
        assertEquals(List.of("stagegate.pairs.default.embedder=bge-small-en-v1.5", "stagegate.pairs.default.candidates=100",
                "stagegate.pairs.default.top-n=10"), PairFactory.lines(p));
    }

    @Test
    void hybridAndRescoringPairsReadTheirFusionAndRoundTripThroughTheirConfigurationLines() {
        Pair hybrid = new Pair("bge-small-en-v1.5", "hybrid", Optional.empty(),
                new Fusing("convex", 60, Optional.of(List.of(0.7, 0.3)), "minmax"), Optional.empty(),
                new Rescore(Optional.of(List.of("e5-small-v2-q")), true, new Fusing("rrf", 20, Optional.empty(), "minmax")),
                50, 10);
        CheckpointPair p = PairFactory.pair("h", hybrid, List.of("en", "cjk"));
        assertEquals(Optional.of("en"), p.lexical(), "the first indexed field when the pair names none");
        assertEquals(Fusion.convex(List.of(0.7, 0.3)), p.fusion());
        assertEquals(new SecondStage.Rescoring(List.of("e5-small-v2-q"), true, Fusion.rrf(20)), p.secondStage());
        assertEquals(List.of("bge-small-en-v1.5", "e5-small-v2-q"), p.embedders());
        assertTrue(PairFactory.lines(p).containsAll(List.of("stagegate.pairs.h.retriever=hybrid",
                "stagegate.pairs.h.fusion.weights=0.7,0.3", "stagegate.pairs.h.rescore.embedders=e5-small-v2-q",
                "stagegate.pairs.h.rescore.bm25=true", "stagegate.pairs.h.rescore.fusion.rrf-k=20")));
    }

    @Test
    void mistakesAreRefusedNamingTheKey() {
        Pair bm25 = new Pair("e", "bm25", Optional.empty(), Fusing.defaults(), Optional.empty(), Rescore.none(), 100, 10);
        assertMessage("stagegate.pairs.p.lexical: retriever bm25 needs a BM25 field, and stagegate.index.lexical "
                + "configures none (e.g. stagegate.index.lexical=en)", () -> PairFactory.pair("p", bm25, List.of()));
        Pair cjk = new Pair("e", "bm25", Optional.of("cjk"), Fusing.defaults(), Optional.empty(), Rescore.none(), 100, 10);
        assertMessage("stagegate.pairs.p.lexical names 'cjk', which stagegate.index.lexical does not index (it lists [en])",
                () -> PairFactory.pair("p", cjk, List.of("en")));
        // An unknown retriever in configuration is refused by the enum mapping at load; the model refuses it as well.
        PairDefinition sparse = new PairDefinition("p", "e", "sparse", null, null, null, null, 100, 10);
        assertMessage("stagegate.pairs.p.retriever: retriever must be one of [dense, bm25, hybrid], was 'sparse'",
                () -> sparse.toPair("stagegate.pairs.p.", "stagegate.pairs.p: ", List.of()));
        Pair both = new Pair("e", "dense", Optional.empty(), Fusing.defaults(), Optional.of("ce"),
                new Rescore(Optional.of(List.of("f")), false, Fusing.defaults()), 100, 10);
        assertTrue(message(() -> PairFactory.pair("p", both, List.of())).startsWith(
                "stagegate.pairs.p.reranker and stagegate.pairs.p.rescore.* both set"));
        Pair smallK = new Pair("e", "dense", Optional.empty(), Fusing.defaults(), Optional.empty(), Rescore.none(), 5, 10);
        assertMessage("stagegate.pairs.p: candidates must be 10..1000 (at least top-n), was 5",
                () -> PairFactory.pair("p", smallK, List.of()));
        Pair weights = new Pair("e", "hybrid", Optional.empty(), new Fusing("convex", 60, Optional.of(List.of(1.0)), "minmax"),
                Optional.empty(), Rescore.none(), 100, 10);
        assertMessage("stagegate.pairs.p: fusion.weights must be 2 numbers (one per fused input), were 1: [1.0]",
                () -> PairFactory.pair("p", weights, List.of("en")));
        Pair self = new Pair("e", "dense", Optional.empty(), Fusing.defaults(), Optional.empty(),
                new Rescore(Optional.of(List.of("e")), false, Fusing.defaults()), 100, 10);
        assertTrue(message(() -> PairFactory.pair("p", self, List.of())).contains("rescore.embedders lists the pair's own"));
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, message(r));
    }
}

package io.stagegate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid axes, bad arguments, analysis and the written report (without models: per-query values are synthetic). */
class GridTest {
    static GridSpec spec(List<String> embedders, List<String> retrievers, List<String> stages, List<Integer> ks) {
        return new GridSpec(embedders, retrievers, stages, ks, 10, List.of("en"), null);
    }

    @Test
    void axesExpandIntoPairsAndEmbedderFreeCellsRunOnce() {
        GridSpec s = spec(List.of("a", "b"), List.of("dense", "bm25", "hybrid:convex=0.7"),
                List.of("none", "rescore:b+bm25:convex"), List.of(10, 50));
        List<GridSpec.Cell> cells = s.cells();
        // a: 3 retrievers x 2 stages x 2 K = 12; b: the same, minus bm25/none (embedder-free, already run) = 10,
        // and b's rescore:b+bm25 keeps only bm25.
        assertEquals(22, cells.size());
        assertEquals("a|dense|none|k10", cells.get(0).pair().id());
        GridSpec.Cell hybrid = cells.stream().filter(c -> c.retriever().startsWith("hybrid")).findFirst().orElseThrow();
        assertEquals(Retriever.HYBRID, hybrid.pair().retriever());
        assertEquals(List.of(0.7, 0.3), hybrid.pair().fusion().weights());
        assertEquals("hybrid/en:convex(0.7,0.3)", hybrid.retriever());
        GridSpec.Cell bRescore = cells.stream().filter(c -> c.embedder().equals("b")
                && c.secondStage().startsWith("rescore")).findFirst().orElseThrow();
        assertEquals(new SecondStage.Rescoring(List.of(), true, io.stagegate.Fusion.convex(List.of())),
                bRescore.pair().secondStage());
        assertEquals(List.of("en"), s.lexicalFields(cells));
        assertEquals("a|dense|none|k50", s.baselineId());
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertMessage("--embedders is empty: give at least one value",
                () -> spec(List.of(""), List.of("dense"), List.of("none"), List.of(10)));
        assertMessage("--second-stages is empty: give at least one value",
                () -> spec(List.of("a"), List.of("dense"), List.of(), List.of(10)));
        assertMessage("--ks: K=5 is below --top-n 10 (a pair cannot return more results than it has candidates)",
                () -> spec(List.of("a"), List.of("dense"), List.of("none"), List.of(5, 10)));
        assertMessage("retriever must be one of [dense, bm25, hybrid], was 'sparse'",
                () -> spec(List.of("a"), List.of("sparse"), List.of("none"), List.of(10)).cells());
        assertMessage("--second-stages: 'rerank' is not none, ce:CHECKPOINT or rescore:E1[+E2...][+bm25][:rrf|:convex]",
                () -> spec(List.of("a"), List.of("dense"), List.of("rerank"), List.of(10)).cells());
        assertMessage("unknown lexical analyzer 'fr'; known: [en, standard, cjk, smartcn]",
                () -> spec(List.of("a"), List.of("bm25/fr"), List.of("none"), List.of(10)).cells());
        var catalog = TestModels.catalog();
        GridSpec unknown = spec(List.of("bge-small-en-v1.5", "no-such-model"), List.of("dense"), List.of("none"),
                List.of(10));
        String m = message(() -> GridRunner.checkCheckpoints(unknown, unknown.cells(), catalog));
        assertTrue(m.startsWith("--embedders names 'no-such-model', which is not a known checkpoint; known: [all-minilm"), m);
        GridSpec ceAsEmbedder = spec(List.of("synthetic-ce-minilm-l6"), List.of("dense"), List.of("none"), List.of(10));
        m = message(() -> GridRunner.checkCheckpoints(ceAsEmbedder, ceAsEmbedder.cells(), catalog));
        assertTrue(m.contains("which is a CROSS_ENCODER, not a EMBEDDER"), m);
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, message(r));
    }

    /** Per-query values: cell i gets the baseline's values plus a per-cell shift and seeded noise. */
    static List<GridRunner.CellRun> synthetic(GridSpec s, int queries) {
        SplittableRandom random = new SplittableRandom(5);
        double[] base = new double[queries];
        for (int q = 0; q < queries; q++) {
            base[q] = random.nextDouble();
        }
        List<GridRunner.CellRun> runs = new ArrayList<>();
        int i = 0;
        for (GridSpec.Cell c : s.cells()) {
            double shift = c.pair().id().equals(s.baselineId()) ? 0 : c.secondStage().startsWith("rescore") ? 0.08 : -0.01 * i;
            double[] ndcg = new double[queries];
            double[] lat = new double[queries];
            double[] cand = new double[queries];
            for (int q = 0; q < queries; q++) {
                ndcg[q] = Math.max(0, Math.min(1, base[q] + shift + (shift == 0 ? 0 : 0.02 * (random.nextDouble() - 0.5))));
                lat[q] = 10 + c.k() / 10.0 + (c.secondStage().startsWith("rescore") ? 8 : 0) + random.nextDouble();
                cand[q] = Math.min(1, 0.6 + c.k() / 250.0);
            }
            runs.add(new GridRunner.CellRun(c, ndcg, ndcg.clone(), ndcg.clone(), cand, lat));
            i++;
        }
        return runs;
    }

    @Test
    void analysisTestsEveryPairAgainstTheBaselineAndRecommendsWithinTheBudget(@TempDir Path dir) throws Exception {
        GridSpec s = spec(List.of("a"), List.of("dense", "hybrid"), List.of("none", "rescore:b"), List.of(10, 50, 100));
        var options = new GridRunner.Options(2000, 500, 42, 0.9, 0);
        var runs = synthetic(s, 60);
        GridAnalysis.Result result = GridAnalysis.analyse(runs, s.baselineId(), options, Optional.of(25.0));
        assertEquals(runs.size(), result.rows().size());
        GridAnalysis.Row best = result.recommendation().pair();
        assertTrue(result.recommendation().changeFromBaseline());
        assertTrue(best.secondStage().startsWith("rescore") && best.significant() && best.p50Ms() <= 25, best.toString());
        assertTrue(result.rows().stream().filter(r -> !r.baseline()).allMatch(r -> r.pHolm() >= r.p()));
        assertTrue(result.rows().stream().anyMatch(GridAnalysis.Row::pareto));
        // First-stage recall 0.6 + K/250 reaches 0.9 first at K = 100.
        assertEquals(100, result.recall().get(0).smallestK());
        GridAnalysis.Result tight = GridAnalysis.analyse(runs, s.baselineId(), options, Optional.of(11.0));
        assertFalse(tight.recommendation().changeFromBaseline());
        assertEquals(s.baselineId(), tight.recommendation().pair().id());

        var ctx = new GridReport.Context("mini", "test", 60, s, options, 25.0, Map.of("a", 9.5), Map.of("documentsEmbedded", 0),
                1.5, List.of("stagegate.pairs.recommended.embedder=a"));
        GridReport.write(dir, ctx, result);
        for (String f : GridReport.FILES) {
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (String svg : List.of("heatmap.svg", "recall.svg", "pareto.svg")) {
            var doc = factory.newDocumentBuilder().parse(dir.resolve(svg).toFile());
            assertEquals("svg", doc.getDocumentElement().getLocalName(), svg);
            assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI(), svg);
            assertTrue(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").getLength() > 5, svg);
        }
        var heat = factory.newDocumentBuilder().parse(dir.resolve("heatmap.svg").toFile());
        assertEquals(2 * runs.size(), countFilledCells(heat), "one coloured cell per pair in each of the two panels");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(runs.size(), json.get("pairs").size());
        assertEquals(s.baselineId(), json.get("baseline").asText());
        assertTrue(json.get("recommendation").get("changeFromBaseline").asBoolean());
        assertTrue(json.get("pairs").get(1).has("pHolm"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Recommendation") && md.contains("| embedder | retriever | second stage | K | nDCG@10"), md);
        assertTrue(md.contains("stagegate.pairs.recommended.embedder=a"), md);
    }

    static int countFilledCells(org.w3c.dom.Document svg) {
        var rects = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        int n = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            var parent = rects.item(i).getParentNode();
            if (parent.getNodeName().equals("g")) {
                n++;
            }
        }
        return n;
    }
}

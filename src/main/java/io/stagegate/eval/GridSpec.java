package io.stagegate.eval;

import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.index.LexicalAnalyzers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The axes of a grid and how each cell becomes a {@link CheckpointPair}. Axis values are short strings:
 *
 * <ul>
 *   <li>retrievers: {@code dense}, {@code bm25[/LEX]}, {@code hybrid[/LEX][:rrf[=K]|:convex[=W]]} (W: the dense
 *       weight in [0, 1], BM25 gets 1 - W; default equal), LEX an analyzer (default: the first of {@code lexical});</li>
 *   <li>second stages: {@code none}, {@code ce:CHECKPOINT}, {@code rescore:E1[+E2...][+bm25][:rrf[=K]|:convex]}
 *       (the cell's own embedder is always fused first and dropped from the list; a cell left with nothing to add is
 *       skipped as a copy of {@code none}).</li>
 * </ul>
 */
public record GridSpec(List<String> embedders, List<String> retrievers, List<String> secondStages, List<Integer> ks,
                       int topN, List<String> lexical, Baseline baseline) {

    /** The pair every other cell is tested against: an embedder, dense, no second stage, K. */
    public record Baseline(String embedder, int k) {
    }

    /** One grid cell: its pair, and the labels of its axes. */
    public record Cell(CheckpointPair pair, String embedder, String retriever, String secondStage, int k) {
        /** Row of the heatmap and line of the recall chart: what fixes the first stage. */
        public String firstStage() {
            return embedder + " · " + retriever;
        }
    }

    public GridSpec {
        embedders = nonEmpty("--embedders", embedders);
        retrievers = nonEmpty("--retrievers", retrievers);
        secondStages = nonEmpty("--second-stages", secondStages);
        ks = List.copyOf(new LinkedHashSet<>(nonEmpty("--ks", ks)));
        lexical = List.copyOf(lexical);
        if (topN < 1 || topN > 1000) {
            throw new IllegalArgumentException("--top-n must be 1..1000, was " + topN);
        }
        for (int k : ks) {
            if (k < topN) {
                throw new IllegalArgumentException("--ks: K=" + k + " is below --top-n " + topN
                        + " (a pair cannot return more results than it has candidates)");
            }
            if (k > 1000) {
                throw new IllegalArgumentException("--ks: K=" + k + " is above 1000");
            }
        }
        lexical.forEach(LexicalAnalyzers::check);
        if (baseline == null) {
            baseline = new Baseline(embedders.get(0), ks.contains(100) ? 100 : ks.get(ks.size() - 1));
        }
        if (!embedders.contains(baseline.embedder())) {
            throw new IllegalArgumentException("--baseline-embedder " + baseline.embedder() + " is not among --embedders "
                    + embedders);
        }
        if (!ks.contains(baseline.k())) {
            throw new IllegalArgumentException("--baseline-k " + baseline.k() + " is not among --ks " + ks);
        }
    }

    private static <T> List<T> nonEmpty(String option, List<T> values) {
        if (values != null) {
            values = values.stream().filter(v -> !(v instanceof String s && s.isBlank())).toList();
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(option + " is empty: give at least one value");
        }
        return List.copyOf(values);
    }

    private String defaultLexical() {
        if (lexical.isEmpty()) {
            throw new IllegalArgumentException("a bm25, hybrid or rescore+bm25 axis value needs a lexical field: add"
                    + " /LEX (e.g. bm25/en) or --lexical");
        }
        return lexical.get(0);
    }

    private record RetrieverChoice(Retriever retriever, Optional<String> lexical, Fusion fusion, String label) {
    }

    RetrieverChoice retriever(String value) {
        String[] methodSplit = value.split(":", 2);
        String[] parts = methodSplit[0].split("/", 2);
        Retriever r = Retriever.parse(parts[0]);
        if (r == Retriever.DENSE) {
            if (parts.length > 1 || methodSplit.length > 1) {
                throw new IllegalArgumentException("--retrievers: dense takes no lexical field or fusion, was '" + value + "'");
            }
            return new RetrieverChoice(r, Optional.empty(), Fusion.RRF, "dense");
        }
        String lex = parts.length > 1 ? parts[1] : defaultLexical();
        LexicalAnalyzers.check(lex);
        Fusion fusion = methodSplit.length > 1 ? fusion(methodSplit[1], value, true) : Fusion.RRF;
        if (r == Retriever.BM25 && methodSplit.length > 1) {
            throw new IllegalArgumentException("--retrievers: bm25 takes no fusion, was '" + value + "'");
        }
        String label = r == Retriever.BM25 ? "bm25/" + lex : "hybrid/" + lex + ":" + fusion.label();
        return new RetrieverChoice(r, Optional.of(lex), fusion, label);
    }

    /** {@code rrf}, {@code rrf=K}, {@code convex}, {@code convex=W} (hybrid: dense weight W, BM25 1 - W). */
    static Fusion fusion(String spec, String value, boolean twoInputs) {
        String[] kv = spec.split("=", 2);
        try {
            return switch (kv[0]) {
                case "rrf" -> Fusion.rrf(kv.length > 1 ? Integer.parseInt(kv[1]) : Fusion.DEFAULT_RRF_K);
                case "convex" -> {
                    if (kv.length == 1) {
                        yield Fusion.convex(List.of());
                    }
                    if (!twoInputs) {
                        throw new IllegalArgumentException("convex=W is for hybrid retrievers");
                    }
                    double w = Double.parseDouble(kv[1]);
                    if (!(w >= 0 && w <= 1)) {
                        throw new IllegalArgumentException("convex weight must be 0..1, was " + w);
                    }
                    // Rounded so 0.7 gives 0.3, not 0.30000000000000004, in ids and configuration lines.
                    yield Fusion.convex(List.of(w, Math.round((1 - w) * 1e9) / 1e9));
                }
                default -> throw new IllegalArgumentException("fusion must be rrf[=K] or convex[=W]");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "': " + e.getMessage(), e);
        }
    }

    /** Every cell, in run order (grouped by embedder, so each embedder's query vectors are computed once). */
    public List<Cell> cells() {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (String embedder : embedders) {
            for (String rv : retrievers) {
                RetrieverChoice r = retriever(rv);
                for (String sv : secondStages) {
                    for (int k : ks) {
                        cell(embedder, r, sv, k).ifPresent(c -> cells.putIfAbsent(key(c), c));
                    }
                }
            }
        }
        return List.copyOf(cells.values());
    }

    /** A pure BM25 cell does not depend on the embedder: it runs once. */
    private static String key(Cell c) {
        return c.pair().embedsQueries() ? c.pair().id() : "*|" + c.retriever() + "|" + c.secondStage() + "|k" + c.k();
    }

    private Optional<Cell> cell(String embedder, RetrieverChoice r, String stageValue, int k) {
        SecondStage stage;
        String stageLabel;
        Optional<String> lexical = r.lexical();
        if (stageValue.equals("none")) {
            stage = SecondStage.NONE;
            stageLabel = "none";
        } else if (stageValue.startsWith("ce:")) {
            stage = new SecondStage.CrossEncoding(stageValue.substring(3));
            stageLabel = stageValue;
        } else if (stageValue.startsWith("rescore:")) {
            String[] methodSplit = stageValue.substring("rescore:".length()).split(":", 2);
            List<String> members = new ArrayList<>(List.of(methodSplit[0].split("\\+")));
            boolean bm25 = members.remove("bm25");
            members.remove(embedder);
            if (members.isEmpty() && !bm25) {
                return Optional.empty();
            }
            if (bm25 && lexical.isEmpty()) {
                lexical = Optional.of(defaultLexical());
            }
            Fusion fusion = methodSplit.length > 1 ? fusion(methodSplit[1], stageValue, false) : Fusion.RRF;
            stage = new SecondStage.Rescoring(members, bm25, fusion);
            stageLabel = "rescore:" + String.join("+", members) + (bm25 ? (members.isEmpty() ? "" : "+") + "bm25" : "")
                    + ":" + fusion.label();
        } else {
            throw new IllegalArgumentException("--second-stages: '" + stageValue
                    + "' is not none, ce:CHECKPOINT or rescore:E1[+E2...][+bm25][:rrf|:convex]");
        }
        String id = embedder + "|" + r.label() + "|" + stageLabel + "|k" + k;
        CheckpointPair pair = new CheckpointPair(id, embedder, r.retriever(), lexical, r.fusion(), stage, k, topN);
        return Optional.of(new Cell(pair, embedder, r.label(), stageLabel, k));
    }

    /** The baseline's pair id among {@link #cells()}. */
    public String baselineId() {
        return baseline.embedder() + "|dense|none|k" + baseline.k();
    }

    /** Lexical fields the cells read, plus the requested ones: what the evaluation store must index. */
    public List<String> lexicalFields(List<Cell> cells) {
        Set<String> all = new LinkedHashSet<>(lexical);
        cells.forEach(c -> c.pair().lexical().ifPresent(all::add));
        return List.copyOf(all);
    }
}

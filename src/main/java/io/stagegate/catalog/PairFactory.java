package io.stagegate.catalog;

import io.stagegate.config.StagegateConfig;

import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns pair configuration into {@link CheckpointPair}s: the one place that reads a PairConfig, for configured pairs
 * and for pairs created at run time. Errors name the configuration key ({@code stagegate.pairs.<id>.<field>}).
 */
public final class PairFactory {
    private PairFactory() {
    }

    public static Map<String, CheckpointPair> pairs(StagegateConfig config) {
        Map<String, CheckpointPair> pairs = new TreeMap<>();
        List<String> indexed = lexical(config);
        config.pairs().forEach((id, p) -> pairs.put(id, pair(id, p, indexed)));
        return pairs;
    }

    /**
     * @param indexed the lexical fields the store indexes (stagegate.index.lexical); a pair that needs one and names
     *                none gets the first, and one that names another is refused
     */
    public static CheckpointPair pair(String id, StagegateConfig.PairConfig p, List<String> indexed) {
        String key = "stagegate.pairs." + id + ".";
        Retriever retriever = parse(key + "retriever", () -> Retriever.parse(p.retriever()));
        boolean needsLexical = retriever != Retriever.DENSE || p.rescore().bm25();
        Optional<String> lexical = p.lexical();
        if (lexical.isPresent() && !indexed.contains(lexical.get())) {
            throw new IllegalArgumentException(key + "lexical names '" + lexical.get() + "', which stagegate.index.lexical"
                    + " does not index (it lists " + indexed + ")");
        }
        if (needsLexical && lexical.isEmpty()) {
            if (indexed.isEmpty()) {
                throw new IllegalArgumentException(key + "lexical: retriever " + retriever.wireName()
                        + (p.rescore().bm25() ? " with rescore.bm25" : "") + " needs a BM25 field, and"
                        + " stagegate.index.lexical configures none (e.g. stagegate.index.lexical=en)");
            }
            lexical = Optional.of(indexed.get(0));
        }
        Fusion fusion = fusion(key + "fusion", p.fusion());
        List<String> rescoreWith = p.rescore().embedders().orElse(List.of());
        boolean rescoring = !rescoreWith.isEmpty() || p.rescore().bm25();
        if (rescoring && p.reranker().isPresent()) {
            throw new IllegalArgumentException(key + "reranker and " + key + "rescore.* both set: a pair has one second"
                    + " stage (a cross-encoder, or rescoring by stored vectors)");
        }
        SecondStage second = p.reranker().<SecondStage>map(SecondStage.CrossEncoding::new).orElse(SecondStage.NONE);
        if (rescoring) {
            Fusion rescoreFusion = fusion(key + "rescore.fusion", p.rescore().fusion());
            second = parse(key + "rescore", () -> new SecondStage.Rescoring(rescoreWith, p.rescore().bm25(), rescoreFusion));
        }
        SecondStage stage = second;
        Optional<String> field = lexical;
        try {
            return new CheckpointPair(id, p.embedder(), retriever, field, fusion, stage, p.candidates(), p.topN());
        } catch (IllegalArgumentException e) {
            String prefix = "pair '" + id + "': ";
            String m = e.getMessage();
            throw new IllegalArgumentException("stagegate.pairs." + id + ": " + (m.startsWith(prefix)
                    ? m.substring(prefix.length()) : m), e);
        }
    }

    private static Fusion fusion(String key, StagegateConfig.FusionConfig f) {
        Fusion.Method method = parse(key + ".method", () -> Fusion.Method.parse(f.method()));
        Fusion.Normalization norm = parse(key + ".normalization", () -> Fusion.Normalization.parse(f.normalization()));
        return parse(key, () -> new Fusion(method, f.rrfK(), f.weights().orElse(List.of()), norm));
    }

    private static <T> T parse(String key, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** The configuration lines that declare {@code pair} (what `eval --grid` prints for its recommendation). */
    public static List<String> lines(CheckpointPair pair) {
        String k = "stagegate.pairs." + pair.id() + ".";
        List<String> out = new java.util.ArrayList<>();
        out.add(k + "embedder=" + pair.embedder());
        if (pair.retriever() != Retriever.DENSE) {
            out.add(k + "retriever=" + pair.retriever().wireName());
        }
        pair.lexical().ifPresent(l -> out.add(k + "lexical=" + l));
        if (pair.retriever() == Retriever.HYBRID) {
            fusionLines(out, k + "fusion.", pair.fusion());
        }
        pair.reranker().ifPresent(r -> out.add(k + "reranker=" + r));
        if (pair.secondStage() instanceof SecondStage.Rescoring r) {
            if (!r.embedders().isEmpty()) {
                out.add(k + "rescore.embedders=" + String.join(",", r.embedders()));
            }
            if (r.bm25()) {
                out.add(k + "rescore.bm25=true");
            }
            fusionLines(out, k + "rescore.fusion.", r.fusion());
        }
        out.add(k + "candidates=" + pair.candidates());
        out.add(k + "top-n=" + pair.topN());
        return out;
    }

    private static void fusionLines(List<String> out, String k, Fusion f) {
        out.add(k + "method=" + f.method().wireName());
        if (f.method() == Fusion.Method.RRF) {
            out.add(k + "rrf-k=" + f.rrfK());
        } else if (f.normalization() != Fusion.Normalization.MINMAX) {
            out.add(k + "normalization=" + f.normalization().wireName());
        }
        if (!f.weights().isEmpty()) {
            out.add(k + "weights=" + String.join(",", f.weights().stream().map(String::valueOf).toList()));
        }
    }

    /** Analyzers the configuration indexes, in order. */
    public static List<String> lexical(StagegateConfig config) {
        return config.index().lexical().orElse(List.of());
    }
}

package io.stagegate.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A pair as it is written down: in configuration ({@code stagegate.pairs.<id>.*}, read by {@code config.PairFactory}),
 * in the admin API and in the data directory. The one pair model before it is served: {@link #toPair} applies the
 * defaults and validates it for every source alike, errors naming the field as that source spells it.
 * A missing field takes its default: retriever dense, fusion rrf (k 60, min-max), no second stage, top-n 10,
 * candidates max(100, top-n).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairDefinition(String id, String embedder, String retriever, String lexical, FusionDefinition fusion,
                             String reranker, RescoreDefinition rescore, Integer candidates, Integer topN) {
    public static final String ID_PATTERN = "[A-Za-z0-9._+-]{1,64}";
    public static final int DEFAULT_TOP_N = 10;
    public static final int DEFAULT_CANDIDATES = 100;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FusionDefinition(String method, Integer rrfK, List<Double> weights, String normalization) {
        static FusionDefinition of(Fusion f) {
            return new FusionDefinition(f.method().wireName(), f.rrfK(), f.weights().isEmpty() ? null : f.weights(),
                    f.normalization().wireName());
        }

        Fusion toFusion(String key) {
            Fusion.Method m = parse(key + ".method", () -> Fusion.Method.parse(method == null ? "rrf" : method));
            Fusion.Normalization n = parse(key + ".normalization",
                    () -> Fusion.Normalization.parse(normalization == null ? "minmax" : normalization));
            return parse(key, () -> new Fusion(m, rrfK == null ? Fusion.DEFAULT_RRF_K : rrfK,
                    weights == null ? List.of() : weights, n));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RescoreDefinition(List<String> embedders, Boolean bm25, FusionDefinition fusion) {
    }

    /** A dense pair with an optional cross-encoder. */
    public PairDefinition(String id, String embedder, String reranker, Integer candidates, Integer topN) {
        this(id, embedder, null, null, null, reranker, null, candidates, topN);
    }

    /** The definition that reproduces a pair (what the data directory keeps). */
    public static PairDefinition of(CheckpointPair p) {
        RescoreDefinition rescore = p.secondStage() instanceof SecondStage.Rescoring r
                ? new RescoreDefinition(r.embedders(), r.bm25(), FusionDefinition.of(r.fusion())) : null;
        return new PairDefinition(p.id(), p.embedder(), p.retriever().wireName(), p.lexical().orElse(null),
                p.retriever() == Retriever.HYBRID ? FusionDefinition.of(p.fusion()) : null, p.reranker().orElse(null),
                rescore, p.candidates(), p.topN());
    }

    /** As the admin API and the data directory spell it: errors name the body's fields. */
    public CheckpointPair toPair(List<String> indexedLexical) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw StagegateException.invalid("id must match " + ID_PATTERN + ", was "
                    + (id == null ? "missing" : "'" + id + "'"));
        }
        if (embedder == null || embedder.isBlank()) {
            throw StagegateException.invalid("embedder must name an embedder checkpoint");
        }
        try {
            return toPair("", "", indexedLexical);
        } catch (IllegalArgumentException e) {
            throw StagegateException.invalid(e.getMessage());
        }
    }

    /**
     * @param key            how the source spells this pair's fields ({@code stagegate.pairs.<id>.} in configuration)
     * @param whole          how it names the pair itself ({@code stagegate.pairs.<id>: }), for errors of no one field
     * @param indexedLexical the lexical fields the store indexes; a pair that needs one and names none gets the
     *                       first, one that names another is refused
     */
    public CheckpointPair toPair(String key, String whole, List<String> indexedLexical) {
        Retriever r = parse(key + "retriever", () -> Retriever.parse(retriever == null ? "dense" : retriever));
        boolean rescoreBm25 = rescore != null && Boolean.TRUE.equals(rescore.bm25());
        Optional<String> field = Optional.ofNullable(lexical);
        if (field.isPresent() && !indexedLexical.contains(field.get())) {
            throw new IllegalArgumentException(key + "lexical names '" + field.get() + "', which stagegate.index.lexical"
                    + " does not index (it lists " + indexedLexical + ")");
        }
        if ((r != Retriever.DENSE || rescoreBm25) && field.isEmpty()) {
            if (indexedLexical.isEmpty()) {
                throw new IllegalArgumentException(key + "lexical: retriever " + r.wireName()
                        + (rescoreBm25 ? " with rescore.bm25" : "") + " needs a BM25 field, and"
                        + " stagegate.index.lexical configures none (e.g. stagegate.index.lexical=en)");
            }
            field = Optional.of(indexedLexical.get(0));
        }
        Fusion f = orDefault(fusion).toFusion(key + "fusion");
        List<String> rescoreWith = rescore == null || rescore.embedders() == null ? List.of() : rescore.embedders();
        boolean rescoring = !rescoreWith.isEmpty() || rescoreBm25;
        Optional<String> crossEncoder = Optional.ofNullable(reranker).filter(x -> !x.isBlank());
        if (rescoring && crossEncoder.isPresent()) {
            throw new IllegalArgumentException(key + "reranker and " + key + "rescore.* both set: a pair has one second"
                    + " stage (a cross-encoder, or rescoring by stored vectors)");
        }
        SecondStage second = crossEncoder.<SecondStage>map(SecondStage.CrossEncoding::new).orElse(SecondStage.NONE);
        if (rescoring) {
            Fusion rescoreFusion = orDefault(rescore.fusion()).toFusion(key + "rescore.fusion");
            second = parse(key + "rescore", () -> new SecondStage.Rescoring(rescoreWith, rescoreBm25, rescoreFusion));
        }
        int n = topN == null ? DEFAULT_TOP_N : topN;
        int k = candidates == null ? Math.max(DEFAULT_CANDIDATES, n) : candidates;
        try {
            return new CheckpointPair(id, embedder, r, field, f, second, k, n);
        } catch (IllegalArgumentException e) {
            String prefix = "pair '" + id + "': ";
            String m = e.getMessage();
            throw new IllegalArgumentException(whole + (m.startsWith(prefix) ? m.substring(prefix.length()) : m), e);
        }
    }

    /** The configuration lines that declare this pair (what {@code eval --grid} prints for its recommendation). */
    public static List<String> lines(CheckpointPair pair) {
        String k = "stagegate.pairs." + pair.id() + ".";
        List<String> out = new ArrayList<>();
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

    private static FusionDefinition orDefault(FusionDefinition f) {
        return f == null ? new FusionDefinition(null, null, null, null) : f;
    }

    private static <T> T parse(String key, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}

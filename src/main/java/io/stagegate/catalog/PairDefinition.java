package io.stagegate.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import java.util.List;

/**
 * A pair as the admin API receives it and the data directory keeps it: the same fields as
 * {@code stagegate.pairs.<id>.*} (retriever, lexical field, fusion, a reranker or rescoring, candidates, top-n). The
 * configuration's pair factory validates it, so a runtime pair and a configured one cannot differ in what is allowed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairDefinition(String id, String embedder, String retriever, String lexical, FusionDefinition fusion,
                             String reranker, RescoreDefinition rescore, Integer candidates, Integer topN) {
    public static final String ID_PATTERN = "[A-Za-z0-9._+-]{1,64}";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FusionDefinition(String method, Integer rrfK, List<Double> weights, String normalization) {
        static FusionDefinition of(Fusion f) {
            return new FusionDefinition(f.method().wireName(), f.rrfK(), f.weights().isEmpty() ? null : f.weights(),
                    f.normalization().wireName());
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
}

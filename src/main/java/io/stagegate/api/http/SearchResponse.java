package io.stagegate.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagegate.Assignment;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.serving.Served;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** POST /v1/search response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResponse(String requestId, String pair, List<Hit> hits, StageTimings timings, QueryInfo query,
                             RoutingView routing, List<String> warnings, Boolean partial) {
    static final String PARTIAL = "partial results: some shards of the index had no live replica and did not answer"
            + " (stagegate.index.solr.shards-tolerant)";

    /**
     * {@code arm}: for an interleaved list, the pair that contributed the hit, {@code armScore} that pair's score
     * ({@code score} is then 1/rank: the arms' scores are not comparable).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Hit(String id, String title, String text, double score, double annScore, int annRank, int rank,
                      Map<String, Object> metadata, String arm, Double armScore) {
    }

    public record QueryInfo(int tokens, boolean truncated) {
    }

    /** How the pair was chosen: kind default, forced or experiment; the experiment's id, version, arm and unit kind. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoutingView(String kind, String experiment, Integer version, String arm, String unit) {
        static RoutingView of(Assignment a) {
            return new RoutingView(a.kind().wire(), a.experiment(), a.experiment() == null ? null : a.version(), a.arm(),
                    a.unit() == null ? null : a.unit().wire());
        }
    }

    static SearchResponse of(Served served) {
        SearchResult r = served.result();
        List<Hit> hits = new ArrayList<>(r.hits().size());
        for (int i = 0; i < r.hits().size(); i++) {
            ScoredDocument d = r.hits().get(i);
            hits.add(new Hit(d.id(), d.title(), d.text(), d.score(), d.annScore(), d.annRank(), d.rank(), d.metadata(),
                    served.contributedBy().isEmpty() ? null : served.contributedBy().get(i), d.armScore()));
        }
        return new SearchResponse(r.requestId(), r.pairId(), hits, r.timings(), new QueryInfo(r.queryTokens(), r.queryTruncated()),
                RoutingView.of(served.assignment()), warnings(r, served.maxQueryTokens()), r.partial() ? Boolean.TRUE : null);
    }

    static List<String> warnings(SearchResult r, int maxQueryTokens) {
        List<String> out = new ArrayList<>(2);
        if (r.queryTruncated()) {
            out.add("query was longer than the embedder's " + maxQueryTokens + "-token limit and was truncated");
        }
        if (r.partial()) {
            out.add(PARTIAL);
        }
        return out;
    }
}

package io.stagegate.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** POST /v1/search response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResponse(String requestId, String pair, List<Hit> hits, StageTimings timings, QueryInfo query,
                             List<String> warnings) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Hit(String id, String title, String text, double score, double annScore, int annRank, int rank,
                      Map<String, Object> metadata) {
    }

    public record QueryInfo(int tokens, boolean truncated) {
    }

    static SearchResponse of(SearchResult r, int maxQueryTokens) {
        List<Hit> hits = new ArrayList<>(r.hits().size());
        for (ScoredDocument d : r.hits()) {
            hits.add(new Hit(d.id(), d.title(), d.text(), d.score(), d.annScore(), d.annRank(), d.rank(), d.metadata()));
        }
        List<String> warnings = r.queryTruncated()
                ? List.of("query was longer than the embedder's " + maxQueryTokens + "-token limit and was truncated")
                : List.of();
        return new SearchResponse(r.requestId(), r.pairId(), hits, r.timings(), new QueryInfo(r.queryTokens(), r.queryTruncated()),
                warnings);
    }
}

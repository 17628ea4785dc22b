package io.stagegate.api.http;

import io.stagegate.pipeline.SearchEvent;
import io.stagegate.serving.Served;
import io.stagegate.serving.SearchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire form of streamed search events, shared by SSE (event name + JSON data) and NDJSON (one object per line). */
final class StreamEvents {
    private StreamEvents() {
    }

    record CandidateView(String id, String title, double annScore, int annRank) {
    }

    static Map<String, Object> wire(SearchEvent event, SearchService.Streamed stream) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event.name());
        switch (event) {
            case SearchEvent.Candidates c -> {
                out.put("requestId", c.requestId());
                out.put("pair", c.pairId());
                List<CandidateView> views = c.candidates().stream().map(x -> new CandidateView(x.document().id(),
                        x.document().title(), x.annScore(), x.annRank())).toList();
                out.put("candidates", views);
                out.put("timings", Map.of("embedMs", c.embedMs(), "annMs", c.annMs()));
            }
            case SearchEvent.Results r -> {
                SearchResponse response = SearchResponse.of(new Served(r.result(), stream.assignment(),
                        stream.maxQueryTokens(), r.contributedBy()));
                out.put("requestId", response.requestId());
                out.put("pair", response.pair());
                out.put("hits", response.hits());
                out.put("query", response.query());
                out.put("warnings", response.warnings());
            }
            case SearchEvent.Done d -> {
                out.put("requestId", d.requestId());
                out.put("pair", d.pairId());
                out.put("timings", d.timings());
                out.put("routing", SearchResponse.RoutingView.of(stream.assignment()));
            }
            case SearchEvent.Failed f -> {
                out.put("requestId", f.requestId());
                out.put("error", f.kind().name());
                out.put("message", f.message());
            }
        }
        return out;
    }
}

package io.stagegate.testing;

import io.stagegate.pipeline.Searchers;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.pipeline.SearchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Pairs whose answers a test decides: fixed rankings, failures, or answers that never come. */
public final class FakeSearchers implements Searchers {
    private final Map<String, Function<SearchRequest, Uni<SearchResult>>> behaviour = new ConcurrentHashMap<>();
    public final List<SearchRequest> seen = new CopyOnWriteArrayList<>();

    public FakeSearchers answer(String pair, String... ranking) {
        behaviour.put(pair, r -> Uni.createFrom().item(result(r, ranking)));
        return this;
    }

    public FakeSearchers behave(String pair, Function<SearchRequest, Uni<SearchResult>> f) {
        behaviour.put(pair, f);
        return this;
    }

    static SearchResult result(SearchRequest r, String... ranking) {
        List<ScoredDocument> hits = new ArrayList<>();
        for (int i = 0; i < Math.min(r.topN(), ranking.length); i++) {
            hits.add(new ScoredDocument(ranking[i], "t", null, Map.of(), 1.0 - i / 100.0, 0.5, i + 1, i + 1));
        }
        return new SearchResult(r.requestId(), r.pairId(), hits, List.of(), new StageTimings(1, 1, 0, 2, 0, 1, 0, 0),
                false, 3);
    }

    @Override
    public CheckpointPair pair(String pairId) {
        if (!behaviour.containsKey(pairId)) {
            throw io.stagegate.StagegateException.notFound("unknown pair '" + pairId + "'");
        }
        return new CheckpointPair(pairId, "emb-" + pairId, Optional.empty(), 20, 10);
    }

    @Override
    public Uni<SearchResult> search(SearchRequest request) {
        seen.add(request);
        return behaviour.get(request.pairId()).apply(request);
    }

    @Override
    public Multi<SearchEvent> stream(SearchRequest request) {
        return search(request).toMulti().onItem().transformToMultiAndConcatenate(r -> Multi.createFrom().items(
                new SearchEvent.Results(r), new SearchEvent.Done(r.requestId(), r.pairId(), r.timings())));
    }

    @Override
    public int maxQueryTokens(String pairId) {
        return 256;
    }

    @Override
    public Optional<String> notReady(String pairId) {
        return Optional.empty();
    }
}

package io.stagegate.experiments;

import io.stagegate.ScoredDocument;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import java.util.ArrayList;
import java.util.List;

/** Turns two arms' results into the one list a client sees, remembering which arm put each document there. */
public final class Interleaving {
    private Interleaving() {
    }

    public record Merged(SearchResult result, List<String> contributedBy) {
    }

    /**
     * Team-draft merge of the two hit lists: ranks are renumbered, {@code score} becomes 1/rank and each hit's own
     * arm's score moves to {@code armScore} (the arms' scales differ, and a client thresholding on score must see it
     * fall with rank). The result is
     * reported under the first arm's pair with its candidates; stage times are the slower arm's, the total the wall
     * time of both.
     */
    public static Merged merge(SearchResult first, SearchResult second, int topN, long seed, double wallMs) {
        List<TeamDraft.Pick<ScoredDocument>> picks = TeamDraft.merge(first.hits(), second.hits(), topN, seed,
                ScoredDocument::id);
        List<ScoredDocument> hits = new ArrayList<>(picks.size());
        List<String> by = new ArrayList<>(picks.size());
        for (TeamDraft.Pick<ScoredDocument> p : picks) {
            ScoredDocument d = p.item();
            int rank = hits.size() + 1;
            hits.add(new ScoredDocument(d.id(), d.title(), d.text(), d.metadata(), 1.0 / rank, d.annScore(), d.annRank(),
                    rank, d.score()));
            by.add(p.team() == 0 ? first.pairId() : second.pairId());
        }
        StageTimings a = first.timings();
        StageTimings b = second.timings();
        StageTimings timings = new StageTimings(Math.max(a.embedMs(), b.embedMs()), Math.max(a.annMs(), b.annMs()),
                Math.max(a.rerankMs(), b.rerankMs()), wallMs, Math.max(a.embedQueueMs(), b.embedQueueMs()),
                Math.max(a.embedInferenceMs(), b.embedInferenceMs()), Math.max(a.rerankQueueMs(), b.rerankQueueMs()),
                Math.max(a.rerankInferenceMs(), b.rerankInferenceMs()));
        return new Merged(new SearchResult(first.requestId(), first.pairId(), hits, first.candidates(), timings,
                first.queryTruncated() || second.queryTruncated(), first.queryTokens(),
                first.partial() || second.partial()), by);
    }
}

package io.stagegate.events;

import io.stagegate.Caller;

import io.stagegate.Assignment;
import io.stagegate.Candidate;
import io.stagegate.CheckpointPair;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Turns a served query into its {@code stagegate.query.v1} event and hands it to the sink. */
public final class QueryEvents {
    private final EventSink sink;
    private final Function<String, CheckpointPair> pairs;
    private final Clock clock;

    public QueryEvents(EventSink sink, Function<String, CheckpointPair> pairs, Clock clock) {
        this.sink = sink;
        this.pairs = pairs;
        this.clock = clock;
    }

    /**
     * @param contributedBy for an interleaved list, the pair that contributed each hit; else empty
     * @param defaultPair   the pair that was the default when the query was served
     * @return completes when the response may be sent: at once, or in write-ahead mode once the event is in the spool;
     *         it never fails, since a dropped event (counted and logged by the sink) must not fail the search
     */
    /** @param traceId the W3C trace id of the request when it is traced (joins the event to the trace), else null */
    public CompletionStage<Void> served(SearchRequest request, SearchResult result, Caller caller, String transport,
                                        Assignment assignment, List<String> contributedBy, String defaultPair,
                                        String traceId) {
        if (!sink.enabled()) {
            return EventSink.DONE;
        }
        CompletionStage<Void> stage = sink.publish(event(request, result, caller, transport, assignment, contributedBy,
                defaultPair, traceId));
        return stage == EventSink.DONE ? stage : stage.exceptionally(dropped -> null);
    }

    QueryEvent event(SearchRequest request, SearchResult result, Caller caller, String transport, Assignment assignment,
                     List<String> contributedBy, String defaultPair, String traceId) {
        CheckpointPair pair = pairs.apply(result.pairId());
        List<QueryEvent.Candidate> candidates = new ArrayList<>(result.candidates().size());
        for (Candidate c : result.candidates()) {
            candidates.add(new QueryEvent.Candidate(c.document().id(), (float) c.annScore(), c.annRank()));
        }
        List<QueryEvent.Result> results = new ArrayList<>(result.hits().size());
        List<String> hitIds = new ArrayList<>(result.hits().size());
        for (int i = 0; i < result.hits().size(); i++) {
            ScoredDocument h = result.hits().get(i);
            // An interleaved hit's score is 1/rank; the event keeps the arm's own score, which a trainer can use.
            double score = h.armScore() != null ? h.armScore() : h.score();
            results.add(new QueryEvent.Result(h.id(), h.rank(), (float) score, (float) h.annScore(), h.annRank(),
                    contributedBy.isEmpty() ? null : contributedBy.get(i)));
            hitIds.add(h.id());
        }
        StageTimings t = result.timings();
        return new QueryEvent(QueryEvent.SCHEMA, UUID.randomUUID().toString(), result.requestId(), caller.clientId(),
                caller.sessionId(), request.query(), transport, pair.id(), pair.embedder(), pair.reranker().orElse(null),
                assignment.kind().wire(), defaultPair, assignment.experiment(),
                assignment.experiment() == null ? null : assignment.version(), assignment.arm(),
                assignment.unit() == null ? null : assignment.unit().wire(), request.topN(), request.candidates(), result.queryTruncated(), candidates, results, hitIds,
                new QueryEvent.Timings(t.embedMs(), t.annMs(), t.rerankMs(), t.totalMs(), t.embedQueueMs(),
                        t.embedInferenceMs(), t.rerankQueueMs(), t.rerankInferenceMs()),
                traceId, clock.instant().toString(), result.partial() ? Boolean.TRUE : null, assignment.arms(),
                assignment.shares(), null, request.filter() == null ? null : request.filter().toJson());
    }

    /**
     * The event of a query an experiment routed that then failed: no results, its outcome (timeout or error), so the
     * report's error and timeout guardrails see every arm's failures. Queries outside experiments need no such
     * event: their failures are in the metrics, and no comparison depends on them.
     */
    public void failed(SearchRequest request, Caller caller, String transport, Assignment assignment,
                       CheckpointPair pair, io.stagegate.ErrorKind kind, String defaultPair, String traceId) {
        if (!sink.enabled() || assignment.experiment() == null) {
            return;
        }
        sink.publish(new QueryEvent(QueryEvent.SCHEMA, UUID.randomUUID().toString(), request.requestId(),
                caller.clientId(), caller.sessionId(), request.query(), transport, pair.id(), pair.embedder(),
                pair.reranker().orElse(null), assignment.kind().wire(), defaultPair, assignment.experiment(),
                assignment.version(), assignment.arm(), assignment.unit().wire(), request.topN(), request.candidates(),
                false, List.of(), List.of(), List.of(), new QueryEvent.Timings(0, 0, 0, 0, 0, 0, 0, 0), traceId,
                clock.instant().toString(), null, assignment.arms(), assignment.shares(),
                kind == io.stagegate.ErrorKind.DEADLINE_EXCEEDED ? QueryEvent.OUTCOME_TIMEOUT : QueryEvent.OUTCOME_ERROR,
                request.filter() == null ? null : request.filter().toJson()))
                .exceptionally(dropped -> null);
    }
}

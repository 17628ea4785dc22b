package io.stagegate.api.grpc;

import io.grpc.Context;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.api.grpc.v1.EmbedRequest;
import io.stagegate.api.grpc.v1.EmbedResponse;
import io.stagegate.api.grpc.v1.Embedding;
import io.stagegate.api.grpc.v1.FeedbackRequest;
import io.stagegate.api.grpc.v1.FeedbackResponse;
import io.stagegate.api.grpc.v1.RerankRequest;
import io.stagegate.api.grpc.v1.RerankResponse;
import io.stagegate.api.grpc.v1.RerankResult;
import io.stagegate.api.grpc.v1.SearchEvent;
import io.stagegate.api.grpc.v1.SearchResponse;
import io.stagegate.api.grpc.v1.Stagegate;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.serving.EmbedService;
import io.stagegate.serving.FeedbackService;
import io.stagegate.serving.RerankService;
import io.stagegate.SearchCall;
import io.stagegate.serving.SearchService;
import io.stagegate.Transport;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * gRPC transport: maps messages to the vocabulary and back; the caller's deadline becomes the call's timeout, so queued
 * inference past it is dropped; a cancelled call cancels the pipeline and its queued work.
 */
@GrpcService
public class SearchGrpcService implements Stagegate {
    /**
     * Resolved on the first call, not when the service is built: gRPC services are built at startup, also for the
     * one-shot CLI commands, which must not open the serving gateway (its index lock, its models) or the event spool.
     */
    @Inject
    Instance<SearchService> searchBean;

    @Inject
    Instance<EmbedService> embedBean;

    @Inject
    Instance<RerankService> rerankBean;

    @Inject
    Instance<FeedbackService> feedbackBean;

    @Override
    public Uni<SearchResponse> search(io.stagegate.api.grpc.v1.SearchRequest message) {
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        Optional<Duration> timeout = timeout();
        return Uni.createFrom().deferred(() -> searchBean.get().search(call(message, caller, timeout, Transport.GRPC))
                        .map(GrpcMessages::response))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<SearchEvent> searchStream(io.stagegate.api.grpc.v1.SearchRequest message) {
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        Optional<Duration> timeout = timeout();
        return Multi.createFrom().deferred(() -> {
            SearchService.Streamed streamed = searchBean.get().stream(call(message, caller, timeout, Transport.GRPC_STREAM));
            return streamed.events().map(e -> GrpcMessages.event(e, streamed));
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<EmbedResponse> embed(EmbedRequest message) {
        Optional<Duration> timeout = timeout();
        return Uni.createFrom().deferred(() -> embedBean.get().embed(new EmbedService.EmbedCall(
                        Optional.of(message.getModel()), message.getInputsList(), message.getAsQueries(), timeout, "inputs")))
                .map(e -> {
                    EmbedResponse.Builder b = EmbedResponse.newBuilder().setModel(e.model()).setTokens(e.tokens());
                    for (float[] v : e.vectors()) {
                        Embedding.Builder eb = Embedding.newBuilder();
                        for (float x : v) {
                            eb.addValues(x);
                        }
                        b.addEmbeddings(eb);
                    }
                    return b.build();
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<RerankResponse> rerank(RerankRequest message) {
        Optional<Duration> timeout = timeout();
        return Uni.createFrom().deferred(() -> rerankBean.get().rerank(new RerankService.RerankCall(
                        Optional.of(message.getModel()), message.getQuery(), message.getDocumentsList(),
                        message.hasTopN() ? Optional.of(message.getTopN()) : Optional.empty(), timeout)))
                .map(r -> {
                    RerankResponse.Builder b = RerankResponse.newBuilder().setModel(r.model()).setTokens(r.tokens());
                    r.results().forEach(x -> b.addResults(RerankResult.newBuilder().setIndex(x.index())
                            .setRelevanceScore(x.score())));
                    return b.build();
                })
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<FeedbackResponse> feedback(FeedbackRequest message) {
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        return Uni.createFrom().completionStage(() -> feedbackBean.get().accept(message.getSignalsList().stream()
                        .map(s -> new FeedbackEvents.Signal(
                                s.getQueryId().isEmpty() ? null : s.getQueryId(),
                                s.getActionName().isEmpty() ? null : s.getActionName(),
                                s.getObjectId().isEmpty() ? null : s.getObjectId(), s.hasPosition() ? s.getPosition() : null,
                                s.hasGrade() ? s.getGrade() : null, s.getTimestamp().isEmpty() ? null : s.getTimestamp(),
                                null, null))
                        .toList(), caller.require(), "signals"))
                .map(ids -> FeedbackResponse.newBuilder().setAccepted(ids.size()).addAllEventIds(ids).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /** Raises a malformed caller header as INVALID_ARGUMENT, inside the call. */
    private static SearchCall call(io.stagegate.api.grpc.v1.SearchRequest m, CallerInterceptor.Captured captured,
                                   Optional<Duration> timeout, Transport transport) {
        return new SearchCall(captured.requestId(), m.getQuery(), m.hasTopN() ? Optional.of(m.getTopN()) : Optional.empty(),
                m.hasCandidates() ? Optional.of(m.getCandidates()) : Optional.empty(), Optional.of(m.getPair()),
                !m.hasIncludeText() || m.getIncludeText(), timeout, captured.require(), transport,
                m.hasFilter() ? io.stagegate.Filter.parse(StructValues.plain(m.getFilter())) : null);
    }

    /**
     * What is left of the caller's gRPC deadline (see {@link DeadlineInterceptor}), read on the calling thread (the
     * gRPC context is thread-bound): at least 1 ns, so a passed deadline fails as DEADLINE_EXCEEDED, and at most the
     * longest timeout any search may have (a far deadline is the caller's bound, not a request for more time).
     */
    private static Optional<Duration> timeout() {
        Long at = DeadlineInterceptor.DEADLINE_NANOS.get(Context.current());
        if (at == null) {
            return Optional.empty();
        }
        long left = Math.max(1, Math.min(at - System.nanoTime(), SearchService.MAX_TIMEOUT.toNanos()));
        return Optional.of(Duration.ofNanos(left));
    }
}

package io.stagegate.api.grpc;

import io.grpc.Context;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.Deadline;
import io.stagegate.StagegateException;
import io.stagegate.TextChecks;
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
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.catalog.Gateway;
import io.stagegate.serving.SearchCall;
import io.stagegate.serving.SearchService;
import io.stagegate.serving.Transport;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

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
    Instance<Gateway> gatewayBean;

    @Inject
    Instance<DirectInference> inferenceBean;

    @Inject
    Instance<FeedbackEvents> feedbackBean;

    @Inject
    StagegateConfig config;

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
        Deadline deadline = deadline();
        return Uni.createFrom().deferred(() -> {
            TextChecks.requireCount("inputs", message.getInputsCount(), config.limits().maxEmbeddingInputs(),
                    "stagegate.limits.max-embedding-inputs");
            for (int i = 0; i < message.getInputsCount(); i++) {
                TextChecks.requireVisible("inputs[" + i + "]", message.getInputs(i));
            }
            Gateway gateway = gatewayBean.get();
            String model = message.getModel().isEmpty() ? gateway.pair(gateway.defaultPair()).embedder() : message.getModel();
            return inferenceBean.get().embed(model, message.getInputsList(), message.getAsQueries(), deadline)
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
                    });
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<RerankResponse> rerank(RerankRequest message) {
        Deadline deadline = deadline();
        return Uni.createFrom().deferred(() -> {
            int max = config.limits().maxRerankDocuments();
            TextChecks.requireVisible("query", message.getQuery());
            TextChecks.requireCount("documents", message.getDocumentsCount(), max, "stagegate.limits.max-rerank-documents");
            for (int i = 0; i < message.getDocumentsCount(); i++) {
                TextChecks.requireVisible("documents[" + i + "]", message.getDocuments(i));
            }
            if (message.hasTopN() && message.getTopN() < 1) {
                throw StagegateException.invalid("top_n must be >= 1, was " + message.getTopN());
            }
            int n = message.hasTopN() ? Math.min(message.getTopN(), message.getDocumentsCount()) : message.getDocumentsCount();
            return inferenceBean.get().rerank(message.getModel(), message.getQuery(), message.getDocumentsList(),
                    deadline).map(s -> {
                        RerankResponse.Builder b = RerankResponse.newBuilder().setModel(s.model()).setTokens(s.tokens());
                        IntStream.range(0, s.scores().size()).boxed()
                                .sorted(Comparator.comparingDouble((Integer i) -> s.scores().get(i)).reversed())
                                .limit(n)
                                .forEach(i -> b.addResults(RerankResult.newBuilder().setIndex(i)
                                        .setRelevanceScore(s.scores().get(i))));
                        return b.build();
                    });
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<FeedbackResponse> feedback(FeedbackRequest message) {
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        return Uni.createFrom().completionStage(() -> {
            int max = config.limits().maxFeedbackPerRequest();
            if (message.getSignalsCount() == 0 || message.getSignalsCount() > max) {
                throw StagegateException.invalid("signals must hold 1.." + max + " signals, held " + message.getSignalsCount());
            }
            return feedbackBean.get().accept(message.getSignalsList().stream().map(s -> new FeedbackEvents.Signal(
                    s.getQueryId().isEmpty() ? null : s.getQueryId(), s.getActionName().isEmpty() ? null : s.getActionName(),
                    s.getObjectId().isEmpty() ? null : s.getObjectId(), s.hasPosition() ? s.getPosition() : null,
                    s.hasGrade() ? s.getGrade() : null, s.getTimestamp().isEmpty() ? null : s.getTimestamp(), null, null))
                    .toList(), caller.require());
        }).map(ids -> FeedbackResponse.newBuilder().setAccepted(ids.size()).addAllEventIds(ids).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    /** Raises a malformed caller header as INVALID_ARGUMENT, inside the call. */
    private static SearchCall call(io.stagegate.api.grpc.v1.SearchRequest m, CallerInterceptor.Captured captured,
                                   Optional<Duration> timeout, Transport transport) {
        return new SearchCall(captured.requestId(), m.getQuery(), m.hasTopN() ? Optional.of(m.getTopN()) : Optional.empty(),
                m.hasCandidates() ? Optional.of(m.getCandidates()) : Optional.empty(), Optional.of(m.getPair()),
                !m.hasIncludeText() || m.getIncludeText(), timeout, captured.require(), transport);
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

    /** The caller's gRPC deadline, else the configured default. */
    private Deadline deadline() {
        Long at = DeadlineInterceptor.DEADLINE_NANOS.get(Context.current());
        return at != null ? new Deadline(at) : Deadline.after(System.nanoTime(), config.limits().defaultTimeout().toNanos());
    }
}

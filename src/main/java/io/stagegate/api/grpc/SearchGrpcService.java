package io.stagegate.api.grpc;

import io.grpc.Context;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.Deadline;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
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
import io.stagegate.events.Caller;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * gRPC transport: maps messages to the vocabulary and back; the caller's deadline becomes the request's deadline, so
 * queued inference past it is dropped; a cancelled call cancels the pipeline and its queued work.
 */
@GrpcService
public class SearchGrpcService implements Stagegate {
    /**
     * Resolved on the first call, not when the service is built: gRPC services are built at startup, also for the
     * one-shot CLI commands, which must not open the serving gateway (its index lock, its models) or the event spool.
     */
    @Inject
    jakarta.enterprise.inject.Instance<Gateway> gateways;

    @Inject
    jakarta.enterprise.inject.Instance<QueryEvents> queryEventsBean;

    @Inject
    jakarta.enterprise.inject.Instance<FeedbackEvents> feedbackEventsBean;

    @Inject
    StagegateConfig config;

    private volatile Gateway gateway;
    private volatile DirectInference inference;
    private volatile QueryEvents queryEvents;
    private volatile FeedbackEvents feedbackEvents;

    private void resolve() {
        if (inference == null) {
            synchronized (this) {
                if (inference == null) {
                    gateway = gateways.get();
                    queryEvents = queryEventsBean.get();
                    feedbackEvents = feedbackEventsBean.get();
                    inference = new DirectInference(gateway);
                }
            }
        }
    }

    @Override
    public Uni<SearchResponse> search(io.stagegate.api.grpc.v1.SearchRequest message) {
        resolve();
        Deadline deadline = deadline();
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        return Uni.createFrom().deferred(() -> {
            SearchRequest request = request(message, deadline);
            Caller who = caller.require();
            return gateway.pipeline(request.pairId()).search(request)
                    .invoke(result -> queryEvents.served(request, result, who, "grpc"))
                    .map(GrpcMessages::response);
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<SearchEvent> searchStream(io.stagegate.api.grpc.v1.SearchRequest message) {
        resolve();
        Deadline deadline = deadline();
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        return Multi.createFrom().deferred(() -> {
            SearchRequest request = request(message, deadline);
            Caller who = caller.require();
            return gateway.pipeline(request.pairId()).stream(request)
                    .invoke(e -> {
                        if (e instanceof io.stagegate.pipeline.SearchEvent.Results r) {
                            queryEvents.served(request, r.result(), who, "grpc-stream");
                        }
                    })
                    .map(GrpcMessages::event);
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<EmbedResponse> embed(EmbedRequest message) {
        resolve();
        Deadline deadline = deadline();
        return Uni.createFrom().deferred(() -> {
            if (message.getInputsCount() == 0 || message.getInputsCount() > config.http().maxEmbeddingInputs()) {
                throw StagegateException.invalid("inputs must hold 1.." + config.http().maxEmbeddingInputs() + " texts, held "
                        + message.getInputsCount());
            }
            String model = message.getModel().isEmpty() ? gateway.pair(gateway.defaultPair()).embedder() : message.getModel();
            return inference.embed(model, message.getInputsList(), message.getAsQueries(), deadline)
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
        resolve();
        Deadline deadline = deadline();
        return Uni.createFrom().deferred(() -> {
            int max = config.http().maxRerankDocuments();
            if (message.getQuery().isBlank()) {
                throw StagegateException.invalid("query must be non-blank");
            }
            if (message.getDocumentsCount() == 0 || message.getDocumentsCount() > max) {
                throw StagegateException.invalid("documents must hold 1.." + max + " texts, held " + message.getDocumentsCount());
            }
            if (message.hasTopN() && message.getTopN() < 1) {
                throw StagegateException.invalid("top_n must be >= 1, was " + message.getTopN());
            }
            int n = message.hasTopN() ? Math.min(message.getTopN(), message.getDocumentsCount()) : message.getDocumentsCount();
            return inference.rerank(message.getModel(), message.getQuery(), message.getDocumentsList(),
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
        resolve();
        CallerInterceptor.Captured caller = CallerInterceptor.capture();
        return Uni.createFrom().item(() -> {
            int max = config.http().maxFeedbackPerRequest();
            if (message.getSignalsCount() == 0 || message.getSignalsCount() > max) {
                throw StagegateException.invalid("signals must hold 1.." + max + " signals, held " + message.getSignalsCount());
            }
            List<String> ids = feedbackEvents.accept(message.getSignalsList().stream().map(s -> new FeedbackEvents.Signal(
                    s.getQueryId().isEmpty() ? null : s.getQueryId(), s.getActionName().isEmpty() ? null : s.getActionName(),
                    s.getObjectId().isEmpty() ? null : s.getObjectId(), s.hasPosition() ? s.getPosition() : null,
                    s.hasGrade() ? s.getGrade() : null, s.getTimestamp().isEmpty() ? null : s.getTimestamp(), null, null))
                    .toList(), caller.require());
            return FeedbackResponse.newBuilder().setAccepted(ids.size()).addAllEventIds(ids).build();
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    private SearchRequest request(io.stagegate.api.grpc.v1.SearchRequest m, Deadline deadline) {
        CheckpointPair pair = gateway.pair(m.getPair().isEmpty() ? gateway.defaultPair() : m.getPair());
        return SearchRequest.resolve(UUID.randomUUID().toString(), m.getQuery(),
                m.hasTopN() ? Optional.of(m.getTopN()) : Optional.empty(),
                m.hasCandidates() ? Optional.of(m.getCandidates()) : Optional.empty(),
                pair, !m.hasIncludeText() || m.getIncludeText(), deadline);
    }

    /** The caller's gRPC deadline (see {@link DeadlineInterceptor}), else the configured default. */
    private Deadline deadline() {
        Long at = DeadlineInterceptor.DEADLINE_NANOS.get(Context.current());
        return at != null ? new Deadline(at) : Deadline.after(System.nanoTime(), config.http().defaultTimeout().toNanos());
    }
}

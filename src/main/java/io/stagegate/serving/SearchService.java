package io.stagegate.serving;

import io.stagegate.SearchCall;
import io.stagegate.Transport;
import io.stagegate.pipeline.Searchers;

import io.stagegate.experiments.Interleaving;
import io.stagegate.experiments.Router;
import io.stagegate.experiments.ShadowRunner;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.SearchEvent;
import java.time.Duration;
import org.jboss.logging.MDC;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one serving path: every transport hands a parsed {@link SearchCall} here, and this class alone decides the pair
 * (named by the caller, an experiment's arm, or the default: {@link Router}), turns the call into a validated request
 * with the pair's defaults and a deadline, runs the pipeline (two of them, merged, when an experiment interleaves),
 * records the outcome (metrics, query event) and hands answered queries to the shadow runner. Transports only map wire
 * formats.
 */
public final class SearchService {
    /** The longest deadline any search may ask for. */
    public static final Duration MAX_TIMEOUT = Deadlines.MAX_TIMEOUT;

    private final Searchers searchers;
    private final Router router;
    private final ShadowRunner shadows;
    private final QueryEvents events;
    private final SearchObserver observer;
    private final SearchTracer tracer;
    private final Deadlines deadlines;
    private final Supplier<String> defaultPair;
    private final LongSupplier nanoTime;
    private final Refusals refusals;

    /**
     * Deadlines a call may ask for, and how overload refusals are paced: up to {@code fastRefusalsPerSecond} go out at
     * once, the others after {@code refusalHold} (zero: all at once). See {@link RefusalPacer}.
     */
    public record Limits(Duration defaultTimeout, Duration maxTimeout, double fastRefusalsPerSecond, Duration refusalHold) {
        /** Deadlines only; refusals are not paced. */
        public Limits(Duration defaultTimeout, Duration maxTimeout) {
            this(defaultTimeout, maxTimeout, 0, Duration.ZERO);
        }

        public Limits {
            if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(maxTimeout) > 0) {
                throw new IllegalArgumentException("default timeout must be in (0, " + maxTimeout + "], was " + defaultTimeout);
            }
            if (fastRefusalsPerSecond < 0 || refusalHold.isNegative()) {
                throw new IllegalArgumentException("refusal pacing must be >= 0, was " + fastRefusalsPerSecond + "/s, hold "
                        + refusalHold);
            }
        }
    }

    /** A streamed search: how it was routed (known before the first event) and its events. */
    public record Streamed(String requestId, io.stagegate.Assignment assignment, int maxQueryTokens,
                           Multi<SearchEvent> events) {
    }

    /** Deadlines and refusal pacing from {@code limits}, no tracing (tests and tools). */
    public SearchService(Searchers searchers, Router router, ShadowRunner shadows, QueryEvents events,
                         SearchObserver observer, Limits limits, Supplier<String> defaultPair, LongSupplier nanoTime) {
        this(searchers, router, shadows, events, observer, SearchTracer.NONE,
                new Deadlines(limits.defaultTimeout(), limits.maxTimeout(), nanoTime),
                new Refusals(limits.fastRefusalsPerSecond(), limits.refusalHold(), nanoTime), defaultPair, nanoTime);
    }

    /** @param refusals shared with the other unary entry points, so one storm is paced as one */
    public SearchService(Searchers searchers, Router router, ShadowRunner shadows, QueryEvents events,
                         SearchObserver observer, SearchTracer tracer, Deadlines deadlines, Refusals refusals,
                         Supplier<String> defaultPair, LongSupplier nanoTime) {
        this.tracer = tracer;
        this.searchers = searchers;
        this.router = router;
        this.shadows = shadows;
        this.events = events;
        this.observer = observer;
        this.deadlines = deadlines;
        this.defaultPair = defaultPair;
        this.nanoTime = nanoTime;
        this.refusals = refusals;
    }

    public Uni<Served> search(SearchCall call) {
        Router.Route route = route(call);
        SearchTracer.Trace trace = tracer.start();
        Deadline deadline = deadlines.of(call.timeout());
        SearchRequest request = request(call, route.primary(), deadline);
        int maxTokens = searchers.maxQueryTokens(route.primary().id());
        if (route.interleaveWith().isPresent()) {
            return refusals.paced(interleaved(call, route, trace, request, deadline, maxTokens));
        }
        return refusals.paced(searchers.search(request)
                .onFailure().invoke(e -> failed(call, request, route, trace, e))
                .flatMap(result -> served(call, route, trace, request, new Served(result, route.assignment(), maxTokens, List.of()))));
    }

    /** Routing and validation happen before this returns (and throw); pipeline failures become the stream's last event. */
    public Streamed stream(SearchCall call) {
        Router.Route route = route(call);
        SearchTracer.Trace trace = tracer.start();
        Deadline deadline = deadlines.of(call.timeout());
        SearchRequest request = request(call, route.primary(), deadline);
        int maxTokens = searchers.maxQueryTokens(route.primary().id());
        if (route.interleaveWith().isPresent()) {
            // Two first-stage lists have no single candidates event: an interleaved stream sends results, then done.
            Multi<SearchEvent> merged = interleaved(call, route, trace, request, deadline, maxTokens).toMulti()
                    .onItem().transformToMultiAndConcatenate(s -> Multi.createFrom().<SearchEvent>items(
                            new SearchEvent.Results(s.result(), s.contributedBy()),
                            new SearchEvent.Done(s.result().requestId(), s.result().pairId(), s.result().timings())))
                    .onFailure().recoverWithItem(e -> SearchEvent.failed(request.requestId(), e));
            return new Streamed(call.requestId(), route.assignment(), maxTokens, merged);
        }
        Multi<SearchEvent> stream = searchers.stream(request)
                .call(e -> {
                    if (e instanceof SearchEvent.Results r) {
                        return served(call, route, trace, request, new Served(r.result(), route.assignment(), maxTokens,
                                r.contributedBy()));
                    } else if (e instanceof SearchEvent.Failed f) {
                        observer.failed(route.primary().id(), f.kind(), call.transport());
                        events.failed(request, call.caller(), call.transport().wire(), route.assignment(),
                                route.primary(), f.kind(), defaultPair.get(), trace.traceId());
                    }
                    return Uni.createFrom().voidItem();
                });
        return new Streamed(call.requestId(), route.assignment(), maxTokens, stream);
    }

    /** A pair named by the caller must be ready: a half-built index would answer from part of the corpus. */
    private Router.Route route(SearchCall call) {
        Router.Route route = router.route(call);
        // Every line this request causes from here on says which request, pair and arm it was (see StageExecutors).
        MDC.put("requestId", call.requestId());
        MDC.put("pair", route.primary().id());
        if (route.assignment().experiment() != null) {
            MDC.put("experiment", route.assignment().experiment());
            MDC.put("arm", route.assignment().arm());
        }
        if (route.assignment().kind() == io.stagegate.Assignment.Kind.FORCED) {
            searchers.notReady(route.primary().id()).ifPresent(why -> {
                throw StagegateException.unavailable("pair '" + route.primary().id() + "' is not ready: " + why
                        + " (its index is being built; GET /v1/pairs shows progress)");
            });
        }
        return route;
    }

    /** Both arms at interactive priority, concurrently; the client sees one team-draft list. */
    private Uni<Served> interleaved(SearchCall call, Router.Route route, SearchTracer.Trace trace, SearchRequest first,
                                    Deadline deadline, int maxTokens) {
        CheckpointPair secondPair = route.interleaveWith().orElseThrow();
        SearchRequest second = request(call, secondPair, deadline);
        long start = nanoTime.getAsLong();
        return Uni.combine().all().unis(searchers.search(first), searchers.search(second)).asTuple()
                .onFailure().invoke(e -> failed(call, first, route, trace, e))
                .flatMap(both -> {
                    Interleaving.Merged merged = Interleaving.merge(both.getItem1(), both.getItem2(), first.topN(),
                            route.interleaveSeed(), (nanoTime.getAsLong() - start) / 1e6);
                    return served(call, route, trace, first, new Served(merged.result(), route.assignment(), maxTokens,
                            merged.contributedBy()));
                });
    }

    private SearchRequest request(SearchCall call, CheckpointPair pair, Deadline deadline) {
        return SearchRequest.resolve(call.requestId(), call.query(), call.topN(), call.candidates(), pair, call.includeText(),
                deadline, call.filter());
    }

    /**
     * Records the outcome and starts the shadow runs; the result goes out once its event is as durable as
     * stagegate.events.durability asks.
     */
    private Uni<Served> served(SearchCall call, Router.Route route, SearchTracer.Trace trace, SearchRequest request,
                               Served served) {
        observer.served(served.result(), served.assignment(), call.transport());
        trace.served(served.result(), served.assignment(), call.transport());
        var written = events.served(request, served.result(), call.caller(), call.transport().wire(), served.assignment(),
                served.contributedBy(), defaultPair.get(), trace.traceId());
        if (!route.shadows().isEmpty()) {
            shadows.submit(route.experiment().orElseThrow(), request, served.result(), route.shadows());
        }
        return Uni.createFrom().completionStage(written).replaceWith(served);
    }

    private void failed(SearchCall call, SearchRequest request, Router.Route route, SearchTracer.Trace trace,
                        Throwable e) {
        trace.failed(e);
        ErrorKind kind = e instanceof StagegateException se ? se.kind() : ErrorKind.INTERNAL;
        observer.failed(route.primary().id(), kind, call.transport());
        events.failed(request, call.caller(), call.transport().wire(), route.assignment(), route.primary(), kind,
                defaultPair.get(), trace.traceId());
    }
}

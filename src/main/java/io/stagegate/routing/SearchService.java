package io.stagegate.routing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.Assignment;
import io.stagegate.CheckpointPair;
import io.stagegate.Deadline;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StagegateException;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.Gateway;
import io.stagegate.pipeline.SearchEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The one serving path: every transport hands a parsed {@link SearchCall} here, and this class alone decides the pair
 * (named by the caller, or the default), turns the call into a validated request with the pair's defaults and a
 * deadline, runs the pair's pipeline, and records the outcome (metrics, query event). Transports only map wire formats.
 */
public final class SearchService {
    private final Gateway gateway;
    private final QueryEvents events;
    private final SearchObserver observer;
    private final Limits limits;
    private final LongSupplier nanoTime;

    /** The longest deadline any search may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** Deadlines a call may ask for. */
    public record Limits(Duration defaultTimeout, Duration maxTimeout) {
        public Limits {
            if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(maxTimeout) > 0) {
                throw new IllegalArgumentException("default timeout must be in (0, " + maxTimeout + "], was " + defaultTimeout);
            }
        }
    }

    /** A streamed search: how it was routed (known before the first event) and its events. */
    public record Streamed(String requestId, Assignment assignment, int maxQueryTokens, Multi<SearchEvent> events) {
    }

    public SearchService(Gateway gateway, QueryEvents events, SearchObserver observer, Limits limits, LongSupplier nanoTime) {
        this.gateway = gateway;
        this.events = events;
        this.observer = observer;
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    public Uni<Served> search(SearchCall call) {
        Route route = route(call);
        SearchRequest request = request(call, route.pair());
        int maxTokens = maxQueryTokens(route.pair());
        return gateway.pipeline(route.pair().id()).search(request)
                .onFailure().invoke(e -> failed(route, e, call.transport()))
                .flatMap(result -> served(call, request, new Served(result, route.assignment(), maxTokens, List.of())));
    }

    /** Routing and validation happen before this returns (and throw); pipeline failures become the stream's last event. */
    public Streamed stream(SearchCall call) {
        Route route = route(call);
        SearchRequest request = request(call, route.pair());
        int maxTokens = maxQueryTokens(route.pair());
        Multi<SearchEvent> stream = gateway.pipeline(route.pair().id()).stream(request)
                .call(e -> {
                    if (e instanceof SearchEvent.Results r) {
                        return served(call, request, new Served(r.result(), route.assignment(), maxTokens, r.contributedBy()));
                    } else if (e instanceof SearchEvent.Failed f) {
                        observer.failed(route.pair().id(), f.kind(), call.transport());
                    }
                    return Uni.createFrom().voidItem();
                });
        return new Streamed(call.requestId(), route.assignment(), maxTokens, stream);
    }

    /** The query window of a pair's embedder, in tokens. */
    public int maxQueryTokens(CheckpointPair pair) {
        return gateway.embedder(pair.embedder()).embedder().spec().maxLength();
    }

    private record Route(CheckpointPair pair, Assignment assignment) {
    }

    private Route route(SearchCall call) {
        if (call.pair().isPresent()) {
            return new Route(gateway.pair(call.pair().get()), Assignment.FORCED);
        }
        return new Route(gateway.pair(gateway.defaultPair()), Assignment.DEFAULT);
    }

    private SearchRequest request(SearchCall call, CheckpointPair pair) {
        return SearchRequest.resolve(call.requestId(), call.query(), call.topN(), call.candidates(), pair, call.includeText(),
                deadline(call.timeout().orElse(limits.defaultTimeout())));
    }

    private Deadline deadline(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(limits.maxTimeout()) > 0) {
            throw StagegateException.invalid("timeoutMs must be 1.." + limits.maxTimeout().toMillis() + ", was "
                    + timeout.toMillis());
        }
        return Deadline.after(nanoTime.getAsLong(), timeout.toNanos());
    }

    /** Records the outcome; the result goes out once its event is as durable as stagegate.events.durability asks. */
    private Uni<Served> served(SearchCall call, SearchRequest request, Served served) {
        observer.served(served.result(), served.assignment(), call.transport());
        return Uni.createFrom().completionStage(events.served(request, served.result(), call.caller(),
                call.transport().wire(), served.assignment(), served.contributedBy(), gateway.defaultPair())).replaceWith(served);
    }

    private void failed(Route route, Throwable e, Transport transport) {
        observer.failed(route.pair().id(), e instanceof StagegateException se ? se.kind() : io.stagegate.ErrorKind.INTERNAL,
                transport);
    }
}

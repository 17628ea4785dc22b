package io.stagegate.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.stagegate.Assignment;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.serving.SearchTracer;
import io.stagegate.Transport;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Search spans with OpenTelemetry: a {@code stagegate.search} span under the transport's server span, and one child per
 * stage (embed with its batcher queue and inference, ANN, rerank with its queue and inference), placed on the timeline
 * from the stage times the pipeline measures. With the SDK off (the default) the tracer is a no-op and costs nothing.
 */
public final class OtelSearchTracer implements SearchTracer {
    private static final AttributeKey<String> PAIR = AttributeKey.stringKey("stagegate.pair");
    private static final AttributeKey<String> EXPERIMENT = AttributeKey.stringKey("stagegate.experiment");
    private static final AttributeKey<String> ARM = AttributeKey.stringKey("stagegate.arm");
    private static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("stagegate.transport");
    private static final AttributeKey<Long> HITS = AttributeKey.longKey("stagegate.hits");

    private final Tracer tracer;
    private final Clock clock;

    public OtelSearchTracer(Tracer tracer, Clock clock) {
        this.tracer = tracer;
        this.clock = clock;
    }

    @Override
    public Trace start() {
        Context parent = Context.current();
        SpanContext server = Span.fromContext(parent).getSpanContext();
        if (!server.isValid()) {
            return Trace.NONE;
        }
        Instant started = clock.instant();
        return new Trace() {
            @Override
            public String traceId() {
                return server.getTraceId();
            }

            @Override
            public void served(SearchResult r, Assignment a, Transport transport) {
                StageTimings t = r.timings();
                long start = nanos(started);
                Span search = open("stagegate.search", parent, start);
                search.setAttribute(PAIR, r.pairId()).setAttribute(TRANSPORT, transport.wire())
                        .setAttribute(HITS, (long) r.hits().size());
                if (a.experiment() != null) {
                    search.setAttribute(EXPERIMENT, a.experiment()).setAttribute(ARM, a.arm());
                }
                Context inSearch = parent.with(search);
                stage("stagegate.embed", inSearch, start, t.embedMs(), t.embedQueueMs(), t.embedInferenceMs());
                long annStart = at(start, t.embedMs());
                closed("stagegate.ann", inSearch, annStart, t.annMs());
                if (t.rerankMs() > 0) {
                    stage("stagegate.rerank", inSearch, at(annStart, t.annMs()), t.rerankMs(), t.rerankQueueMs(),
                            t.rerankInferenceMs());
                }
                search.end(at(start, t.totalMs()), TimeUnit.NANOSECONDS);
            }

            @Override
            public void failed(Throwable error) {
                Span search = tracer.spanBuilder("stagegate.search").setParent(parent)
                        .setStartTimestamp(nanos(started), TimeUnit.NANOSECONDS).startSpan();
                search.recordException(error).setStatus(StatusCode.ERROR, error.getMessage()).end();
            }
        };
    }

    /** A batched stage: its span, with its wait in the batcher queue and its inference as children. */
    private void stage(String name, Context parent, long start, double ms, double queueMs, double inferenceMs) {
        Span stage = open(name, parent, start);
        Context in = parent.with(stage);
        closed(name + ".queue", in, start, queueMs);
        closed(name + ".inference", in, at(start, queueMs), inferenceMs);
        stage.end(at(start, ms), TimeUnit.NANOSECONDS);
    }

    private void closed(String name, Context parent, long start, double ms) {
        open(name, parent, start).end(at(start, ms), TimeUnit.NANOSECONDS);
    }

    private Span open(String name, Context parent, long startNanos) {
        SpanBuilder b = tracer.spanBuilder(name).setParent(parent).setStartTimestamp(startNanos, TimeUnit.NANOSECONDS);
        return b.startSpan();
    }

    private static long at(long startNanos, double ms) {
        return startNanos + (long) (ms * 1_000_000);
    }

    private static long nanos(Instant i) {
        return TimeUnit.SECONDS.toNanos(i.getEpochSecond()) + i.getNano();
    }
}

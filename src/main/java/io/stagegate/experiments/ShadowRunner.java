package io.stagegate.experiments;

import io.stagegate.pipeline.Searchers;

import io.stagegate.CheckpointPair;
import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StagegateException;
import io.stagegate.events.EventSink;
import io.stagegate.events.ShadowEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * Runs shadow pairs on queries the primary has already answered, out of band: at SHADOW priority (the batchers serve
 * interactive work first and shed shadow work first), with its own deadline, at most {@code maxInFlight} at a time
 * (beyond that a shadow is skipped, never queued), not at all while the shadow pair's device is saturated with
 * interactive work, and never joined by the caller, so nothing a shadow does (fail, hang, overload) can reach the
 * client or hold its response. Each finished run becomes a {@code stagegate.shadow.v1}
 * event comparing the two rankings.
 */
public final class ShadowRunner {
    private static final Logger LOG = Logger.getLogger(ShadowRunner.class);
    /** RBO persistence: a reader who looks at about ten results (expected depth 1/(1-p)). */
    static final double RBO_P = 0.9;

    private final Searchers searchers;
    private final EventSink events;
    private final Observer observer;
    private final Settings settings;
    private final Semaphore permits;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ToIntFunction<CheckpointPair> deviceLoad;

    /**
     * How many shadow runs may be in flight, how long one may take before it counts as timed out, and how many
     * interactive items may be queued or running on the shadow pair's device before a shadow is shed without starting
     * (at saturation even tokenising a shadow query and refusing it in the batcher takes CPU from the primary).
     */
    public record Settings(int maxInFlight, Duration timeout, int shedAboveInteractive) {
        public Settings(int maxInFlight, Duration timeout) {
            this(maxInFlight, timeout, Integer.MAX_VALUE);
        }

        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("shadow max-in-flight must be >= 1, was " + maxInFlight);
            }
            if (shedAboveInteractive < 0) {
                throw new IllegalArgumentException("shadow shed-above-interactive must be >= 0, was " + shedAboveInteractive);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shadow timeout must be positive, was " + timeout);
            }
        }
    }

    /** Outcomes of shadow runs (ok, failed, timeout, shed), for metrics. */
    public interface Observer {
        void outcome(String experiment, String shadowPair, String outcome);

        void compared(String experiment, String shadowPair, boolean noiseFloor, double overlapAt10, double rbo);

        Observer NONE = new Observer() {
            @Override
            public void outcome(String experiment, String shadowPair, String outcome) {
            }

            @Override
            public void compared(String experiment, String shadowPair, boolean noiseFloor, double overlapAt10, double rbo) {
            }
        };
    }

    public ShadowRunner(Searchers searchers, EventSink events, Observer observer, Settings settings, LongSupplier nanoTime,
                        Clock clock) {
        this(searchers, events, observer, settings, nanoTime, clock, pair -> 0);
    }

    /** @param deviceLoad interactive items queued or running now on the device of the pair's embedder */
    public ShadowRunner(Searchers searchers, EventSink events, Observer observer, Settings settings, LongSupplier nanoTime,
                        Clock clock, ToIntFunction<CheckpointPair> deviceLoad) {
        this.deviceLoad = deviceLoad;
        this.searchers = searchers;
        this.events = events;
        this.observer = observer;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxInFlight());
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** Shadow runs in flight now. */
    public int inFlight() {
        return settings.maxInFlight() - permits.availablePermits();
    }

    /** Starts the planned shadow runs of an answered query and returns at once; never throws. */
    public void submit(Experiment experiment, SearchRequest primaryRequest, SearchResult primary,
                       List<Router.ShadowPlan> plans) {
        for (Router.ShadowPlan plan : plans) {
            try {
                start(experiment, primaryRequest, primary, plan);
            } catch (RuntimeException e) {
                LOG.debugf(e, "shadow %s of query %s could not start", plan.pair().id(), primaryRequest.requestId());
                observer.outcome(experiment.id(), plan.pair().id(), "failed");
            }
        }
    }

    private void start(Experiment experiment, SearchRequest primaryRequest, SearchResult primary, Router.ShadowPlan plan) {
        if (deviceLoad.applyAsInt(plan.pair()) > settings.shedAboveInteractive() || !permits.tryAcquire()) {
            observer.outcome(experiment.id(), plan.pair().id(), "shed");
            notCompared(experiment, primary, plan, "shed", "shed: the shadow pair's device was busy with interactive "
                    + "work, or " + settings.maxInFlight() + " shadow runs were in flight");
            return;
        }
        CheckpointPair pair = plan.pair();
        long started = nanoTime.getAsLong();
        SearchRequest request;
        try {
            int k = Math.min(SearchRequest.MAX_CANDIDATES, Math.max(pair.candidates(), primaryRequest.topN()));
            request = new SearchRequest(primaryRequest.requestId(), primaryRequest.query(), primaryRequest.topN(), k,
                    pair.id(), false, Priority.SHADOW, Deadline.after(started, settings.timeout().toNanos()),
                    primaryRequest.filter());
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        // A hung stage must not hold a permit forever: the timeout ends the run whatever the pipeline does.
        searchers.search(request)
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                .subscribe().with(
                        result -> {
                            permits.release();
                            compared(experiment, primary, result, plan, millis(started));
                        },
                        failure -> {
                            permits.release();
                            failed(experiment, primary, plan, failure);
                        });
    }

    private void compared(Experiment experiment, SearchResult primary, SearchResult shadow, Router.ShadowPlan plan,
                          double shadowMs) {
        List<String> a = top10(primary);
        List<String> b = top10(shadow);
        double overlap10 = RankComparison.overlap(a, b, 10);
        double rbo = RankComparison.rbo(a, b, RBO_P);
        double tau = RankComparison.kendallTau(a, b);
        observer.outcome(experiment.id(), plan.pair().id(), "ok");
        observer.compared(experiment.id(), plan.pair().id(), plan.noiseFloor(), overlap10, rbo);
        events.publish(new ShadowEvent(ShadowEvent.SCHEMA, UUID.randomUUID().toString(), primary.requestId(),
                experiment.id(), experiment.version(), primary.pairId(), plan.pair().id(), plan.noiseFloor(), "ok", null,
                RankComparison.overlap(a, b, 1), RankComparison.overlap(a, b, 5), overlap10, rbo,
                Double.isNaN(tau) ? null : tau, RankComparison.topOneAgrees(a, b), primary.timings().totalMs(), shadowMs,
                a, b, clock.instant().toString()));
    }

    private void failed(Experiment experiment, SearchResult primary, Router.ShadowPlan plan, Throwable failure) {
        boolean timeout = failure instanceof TimeoutException
                || failure instanceof StagegateException se && se.kind() == ErrorKind.DEADLINE_EXCEEDED;
        boolean shed = failure instanceof StagegateException se && se.kind() == ErrorKind.OVERLOADED;
        String outcome = timeout ? "timeout" : shed ? "shed" : "failed";
        observer.outcome(experiment.id(), plan.pair().id(), outcome);
        String why = failure instanceof StagegateException se ? se.getMessage()
                : timeout ? "no answer within " + settings.timeout().toMillis() + " ms" : failure.toString();
        notCompared(experiment, primary, plan, outcome, why);
    }

    /** A planned run that compared nothing (failed, timed out or shed) is an event too: reports count every plan. */
    private void notCompared(Experiment experiment, SearchResult primary, Router.ShadowPlan plan, String outcome,
                             String why) {
        events.publish(new ShadowEvent(ShadowEvent.SCHEMA, UUID.randomUUID().toString(), primary.requestId(),
                experiment.id(), experiment.version(), primary.pairId(), plan.pair().id(), plan.noiseFloor(), outcome, why,
                null, null, null, null, null, null, primary.timings().totalMs(), null, top10(primary), null,
                clock.instant().toString()));
    }

    private static List<String> top10(SearchResult r) {
        return r.hits().stream().limit(10).map(ScoredDocument::id).toList();
    }

    private double millis(long from) {
        return (nanoTime.getAsLong() - from) / 1e6;
    }
}

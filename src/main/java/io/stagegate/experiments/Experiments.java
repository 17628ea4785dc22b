package io.stagegate.experiments;

import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The experiments of this gateway: validated against the pairs it serves, persisted on every change, at most one
 * running. Experiments defined in configuration are applied at startup (config wins over the saved copy, with the
 * usual version bump when assignment changes) and cannot be changed through the API. Reads are lock-free.
 */
public final class Experiments {
    private static final Logger LOG = Logger.getLogger(Experiments.class);

    /** What the registry needs to know about pairs. */
    public interface Pairs {
        boolean exists(String pairId);

        /** Why a pair cannot serve yet (e.g. its index is still being built), or empty when it can. */
        Optional<String> notReady(String pairId);
    }

    private final ExperimentStore store;
    private final Pairs pairs;
    private final Set<String> configured;
    private final Map<String, Experiment> byId = new LinkedHashMap<>();
    private volatile Experiment running;

    private Experiments(ExperimentStore store, Pairs pairs, Set<String> configured) {
        this.store = store;
        this.pairs = pairs;
        this.configured = Set.copyOf(configured);
    }

    /** Loads the saved experiments, then applies those defined in configuration. */
    public static Experiments open(ExperimentStore store, Pairs pairs, List<ExperimentDefinition> fromConfig) {
        Set<String> configuredIds = new java.util.HashSet<>();
        fromConfig.forEach(d -> configuredIds.add(d.id()));
        Experiments e = new Experiments(store, pairs, configuredIds);
        synchronized (e) {
            // Saved experiments come back as they were: their runtime pairs are restored after this (resume()).
            for (Experiment saved : store.load()) {
                e.byId.put(saved.id(), saved);
            }
            for (ExperimentDefinition d : fromConfig) {
                Experiment next = d.check();
                e.checkPairs(next);
                Experiment old = e.byId.get(next.id());
                e.byId.put(next.id(), old == null ? next : evolve(old, next));
            }
            e.refreshRunning();
            e.save();
        }
        return e;
    }

    /**
     * After a restart has restored checkpoints and runtime pairs: a running experiment whose pairs are all served
     * again goes on (one still building waits, and readiness says so); one naming a pair that no longer exists at all
     * is stopped, loudly, since no request could reach that arm.
     */
    public synchronized void resume() {
        for (Experiment x : List.copyOf(byId.values())) {
            if (x.state() != Experiment.State.RUNNING) {
                continue;
            }
            List<String> gone = x.pairs().stream().filter(p -> !pairs.exists(p)).toList();
            if (!gone.isEmpty()) {
                LOG.warnf("experiment %s was running but names pairs %s, which this gateway no longer has after "
                        + "restoring its checkpoints and pairs; it is stopped", x.id(), gone);
                byId.put(x.id(), x.withState(Experiment.State.STOPPED));
                continue;
            }
            List<String> building = x.pairs().stream().filter(p -> pairs.notReady(p).isPresent()).toList();
            LOG.infof("experiment %s (version %d) resumes%s", x.id(), x.version(),
                    building.isEmpty() ? "" : "; it waits for pairs " + building + " to cover the corpus");
        }
        commit();
    }

    /**
     * Whether the running experiment takes traffic: every pair it names is served and ready. Until then (a restart
     * still restoring or backfilling its runtime pairs) requests get the default pair; read on every search.
     */
    public boolean takingTraffic(Experiment x) {
        for (String p : x.pairs()) {
            if (!pairs.exists(p) || pairs.notReady(p).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Why the running experiment cannot take traffic yet (a pair not served or still building), or empty. */
    public Optional<String> waiting() {
        Experiment x = running;
        if (x == null) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        for (String p : x.pairs()) {
            if (!pairs.exists(p)) {
                why.add(p + " (not restored yet)");
            } else {
                pairs.notReady(p).ifPresent(w -> why.add(p + " (" + w + ")"));
            }
        }
        return why.isEmpty() ? Optional.empty()
                : Optional.of("experiment " + x.id() + " waits for pairs " + String.join(", ", why));
    }

    public List<Experiment> list() {
        synchronized (this) {
            return List.copyOf(byId.values());
        }
    }

    public Optional<Experiment> get(String id) {
        synchronized (this) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    public Experiment require(String id) {
        return get(id).orElseThrow(() -> StagegateException.notFound("no experiment '" + id + "'; experiments: "
                + list().stream().map(Experiment::id).toList()));
    }

    /** The running experiment, if any; read on every search, so it is a volatile field, not a lookup. */
    public Optional<Experiment> running() {
        return Optional.ofNullable(running);
    }

    public synchronized Experiment create(ExperimentDefinition definition) {
        Experiment next = definition.check();
        if (byId.containsKey(next.id())) {
            throw StagegateException.conflict("experiment '" + next.id() + "' exists; PUT /v1/admin/experiments/"
                    + next.id() + " changes it");
        }
        checkPairs(next);
        checkStart(next);
        byId.put(next.id(), next);
        commit();
        return next;
    }

    public synchronized Experiment update(String id, ExperimentDefinition definition) {
        Experiment old = require(id);
        if (definition.id() != null && !definition.id().equals(id)) {
            throw StagegateException.invalid("id '" + definition.id() + "' in the body differs from '" + id + "' in the path");
        }
        refuseConfigured(id);
        Experiment next = evolve(old, new ExperimentDefinition(id, definition.mode(), definition.arms(),
                definition.shadows(), definition.noiseFloor(), definition.salt(), definition.state()).check());
        checkPairs(next);
        checkStart(next);
        byId.put(id, next);
        commit();
        return next;
    }

    /** Runs an experiment as defined (its pairs must be ready, no other may run); the version stays. */
    public synchronized Experiment start(String id) {
        Experiment old = require(id);
        refuseConfigured(id);
        Experiment next = old.withState(Experiment.State.RUNNING);
        checkPairs(next);
        checkStart(next);
        byId.put(id, next);
        commit();
        return next;
    }

    /** Stops an experiment, keeping its definition, version and allocation (starting it again moves no unit). */
    public synchronized Experiment stop(String id) {
        Experiment old = require(id);
        refuseConfigured(id);
        Experiment next = old.withState(Experiment.State.STOPPED);
        byId.put(id, next);
        commit();
        return next;
    }

    public synchronized void delete(String id) {
        Experiment old = require(id);
        refuseConfigured(id);
        if (old.state() == Experiment.State.RUNNING) {
            throw StagegateException.conflict("experiment '" + id + "' is running; stop it first: POST /v1/admin/experiments/"
                    + id + "/stop");
        }
        byId.remove(id);
        commit();
    }

    /** Experiments that are not stopped and serve or shadow the pair (a pair they use cannot be deleted). */
    public synchronized List<String> using(String pairId) {
        return byId.values().stream().filter(x -> x.state() != Experiment.State.STOPPED && x.pairs().contains(pairId))
                .map(Experiment::id).toList();
    }

    /** Keeps the version and moves the fewest buckets when only weights change; bumps the version when assignment can. */
    private static Experiment evolve(Experiment old, Experiment next) {
        if (!old.assignmentDiffers(next)) {
            return new Experiment(next.id(), next.mode(), next.arms(), next.shadows(), next.noiseFloor(), next.salt(),
                    next.state(), old.version(), old.allocation());
        }
        return new Experiment(next.id(), next.mode(), next.arms(), next.shadows(), next.noiseFloor(), next.salt(),
                next.state(), old.version() + 1, old.allocation().rebalance(next.weights()));
    }

    private void checkPairs(Experiment x) {
        for (int i = 0; i < x.arms().size(); i++) {
            String pair = x.arms().get(i).pair();
            if (!pairs.exists(pair)) {
                throw StagegateException.invalid("arms[" + i + "].pair: unknown pair '" + pair + "'");
            }
        }
        for (int i = 0; i < x.shadows().size(); i++) {
            String pair = x.shadows().get(i).pair();
            if (!pairs.exists(pair)) {
                throw StagegateException.invalid("shadows[" + i + "].pair: unknown pair '" + pair + "'");
            }
        }
    }

    /** A running experiment needs ready pairs and no other running experiment. */
    private void checkStart(Experiment x) {
        if (x.state() != Experiment.State.RUNNING) {
            return;
        }
        for (int i = 0; i < x.arms().size(); i++) {
            int at = i;
            pairs.notReady(x.arms().get(i).pair()).ifPresent(why -> {
                throw StagegateException.conflict("arms[" + at + "].pair '" + x.arms().get(at).pair() + "' is not ready: " + why);
            });
        }
        for (int i = 0; i < x.shadows().size(); i++) {
            int at = i;
            pairs.notReady(x.shadows().get(i).pair()).ifPresent(why -> {
                throw StagegateException.conflict("shadows[" + at + "].pair '" + x.shadows().get(at).pair()
                        + "' is not ready: " + why);
            });
        }
        Experiment current = running;
        if (current != null && !current.id().equals(x.id())) {
            throw StagegateException.conflict("state: experiment '" + current.id()
                    + "' is running; stop it (POST /v1/admin/experiments/" + current.id() + "/stop) before starting '"
                    + x.id() + "' (one experiment runs at a time)");
        }
    }

    private void refuseConfigured(String id) {
        if (configured.contains(id)) {
            throw StagegateException.conflict("experiment '" + id + "' is defined in configuration (stagegate.experiments."
                    + id + ".*); change it there");
        }
    }

    private void commit() {
        save();
        refreshRunning();
    }

    private void save() {
        store.save(new ArrayList<>(byId.values()));
    }

    private void refreshRunning() {
        List<Experiment> runningNow = byId.values().stream().filter(x -> x.state() == Experiment.State.RUNNING).toList();
        if (runningNow.size() > 1) {
            throw new IllegalStateException("experiments " + runningNow.stream().map(Experiment::id).toList()
                    + " are all running; at most one may run (stop the others in " + store.file() + " or configuration)");
        }
        running = runningNow.isEmpty() ? null : runningNow.get(0);
    }
}

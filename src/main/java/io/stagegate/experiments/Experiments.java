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
            for (Experiment saved : store.load()) {
                Experiment x = saved;
                if (x.state() == Experiment.State.RUNNING && !x.pairs().stream().allMatch(pairs::exists)) {
                    LOG.warnf("experiment %s was running but names a pair this gateway no longer has; it is stopped", x.id());
                    x = x.withState(Experiment.State.STOPPED);
                }
                e.byId.put(x.id(), x);
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

    public synchronized void delete(String id) {
        Experiment old = require(id);
        refuseConfigured(id);
        if (old.state() == Experiment.State.RUNNING) {
            throw StagegateException.conflict("experiment '" + id + "' is running; stop it first (PUT with state stopped)");
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
                    + "' is running; stop it before starting '" + x.id() + "' (one experiment runs at a time)");
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

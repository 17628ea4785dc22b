package io.stagegate.catalog;

import io.stagegate.control.JsonFile;

import com.fasterxml.jackson.core.type.TypeReference;
import io.stagegate.CheckpointPair;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Pairs created and deleted while serving. A new pair whose embedder does not cover the corpus yet is backfilled on one
 * background thread at background priority (interactive traffic keeps the batchers first), with its progress in the
 * pair list; it becomes routable (experiments, requests naming it) once its index covers the corpus. Runtime pairs
 * persist in the data directory; configured pairs are the configuration's and cannot be deleted here.
 */
public final class PairAdmin implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PairAdmin.class);
    /** What the data directory remembers: pairs created at runtime and the pair last promoted to default. */
    public record Saved(String defaultPair, List<PairDefinition> pairs) {
        public Saved {
            pairs = pairs == null ? List.of() : List.copyOf(pairs);
        }
    }

    private final Gateway gateway;
    /** The experiments (not stopped) that serve or shadow a pair: such a pair cannot be deleted. */
    private final Function<String, List<String>> experimentsUsing;
    private final JsonFile<Saved> file;
    private final Set<String> configured;
    private final Function<PairDefinition, CheckpointPair> parser;
    private final Map<String, BackfillProgress> backfills = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stagegate-backfill");
        t.setDaemon(true);
        return t;
    });

    /** What the pair list shows for each pair. */
    public record Status(CheckpointPair pair, boolean isDefault, String origin, int indexedDocuments, int corpusSize,
                        boolean ready, String backfill) {
    }

    /** @param parser validates a definition into a pair, naming the bad field (the configuration's pair factory) */
    public PairAdmin(Gateway gateway, Function<String, List<String>> experimentsUsing, Path file, Set<String> configured,
                     Function<PairDefinition, CheckpointPair> parser) {
        this.gateway = gateway;
        this.experimentsUsing = experimentsUsing;
        this.file = new JsonFile<>(file, new TypeReference<>() {
        }, new Saved(null, List.of()));
        this.configured = Set.copyOf(configured);
        this.parser = parser;
    }

    /**
     * Serves the pairs created at runtime before the last stop (backfilling those that need it) and makes the pair last
     * promoted the default again: a promotion outlives restarts and wins over stagegate.default-pair.
     */
    public void restore() {
        Saved saved = file.read();
        for (PairDefinition d : saved.pairs()) {
            try {
                CheckpointPair pair = parser.apply(d);
                if (gateway.pairs().containsKey(pair.id())) {
                    continue;
                }
                gateway.registry().add(pair);
                startBackfill(pair.id());
            } catch (RuntimeException e) {
                LOG.errorf("runtime pair %s from %s cannot be served: %s", d.id(), file.path(), e.getMessage());
            }
        }
        if (saved.defaultPair() != null && !saved.defaultPair().equals(gateway.defaultPair())) {
            if (gateway.pairs().containsKey(saved.defaultPair())) {
                gateway.registry().promote(saved.defaultPair());
                LOG.infof("default pair is %s (promoted at runtime; %s says how to undo)", saved.defaultPair(), file.path());
            } else {
                LOG.errorf("promoted default pair %s no longer exists; keeping %s", saved.defaultPair(), gateway.defaultPair());
            }
        }
    }

    /** Makes a ready pair the default, now and after restarts. */
    public synchronized Status promote(String pairId) {
        gateway.pair(pairId);
        gateway.notReady(pairId).ifPresent(why -> {
            throw StagegateException.conflict("pair '" + pairId + "' is not ready: " + why);
        });
        String before = gateway.defaultPair();
        gateway.registry().promote(pairId);
        try {
            save();
        } catch (RuntimeException e) {
            gateway.registry().promote(before);
            throw e;
        }
        LOG.infof("pair %s promoted to default (was %s)", pairId, before);
        return list().stream().filter(s -> s.pair().id().equals(pairId)).findFirst().orElseThrow();
    }

    public List<Status> list() {
        int size = gateway.store().size();
        List<Status> out = new ArrayList<>();
        gateway.pairs().values().forEach(p -> {
            BackfillProgress b = backfills.get(p.id());
            boolean ready = gateway.notReady(p.id()).isEmpty();
            String progress = b == null ? null : switch (b.state()) {
                case FAILED -> "failed: " + b.error();
                case READY -> "done (" + b.done() + " documents)";
                case BACKFILLING -> b.done() + "/" + b.total + " documents";
            };
            out.add(new Status(p, p.id().equals(gateway.defaultPair()), configured.contains(p.id()) ? "config" : "runtime",
                    gateway.pipeline(p.id()).index().size(), size, ready, progress));
        });
        return out;
    }

    public synchronized Status create(PairDefinition definition) {
        CheckpointPair pair = parser.apply(definition);
        if (gateway.pairs().containsKey(pair.id())) {
            throw StagegateException.conflict("pair '" + pair.id() + "' exists");
        }
        try {
            gateway.registry().add(pair);
        } catch (IllegalArgumentException e) {
            throw StagegateException.invalid(e.getMessage());
        } catch (StagegateException e) {
            // An unknown or mistyped checkpoint is a fault of this request's embedder/reranker field, not a missing URL.
            throw e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.INVALID_REQUEST
                    ? StagegateException.invalid("pair '" + pair.id() + "': " + e.getMessage()) : e;
        }
        save();
        startBackfill(pair.id());
        return list().stream().filter(s -> s.pair().id().equals(pair.id())).findFirst().orElseThrow();
    }

    public synchronized void delete(String pairId) {
        gateway.pair(pairId);
        if (configured.contains(pairId)) {
            throw StagegateException.conflict("pair '" + pairId + "' is defined in configuration (stagegate.pairs." + pairId
                    + ".*); remove it there");
        }
        List<String> using = experimentsUsing.apply(pairId);
        if (!using.isEmpty()) {
            throw StagegateException.conflict("pair '" + pairId + "' is used by experiments " + using + "; stop them first");
        }
        gateway.removePair(pairId);
        backfills.remove(pairId);
        save();
    }

    private void startBackfill(String pairId) {
        if (gateway.notReady(pairId).isEmpty()) {
            BackfillProgress none = new BackfillProgress(1, 0);
            none.ready();
            backfills.put(pairId, none);
            return;
        }
        int missing = gateway.store().size() - gateway.pipeline(pairId).index().size();
        BackfillProgress b = new BackfillProgress(1, missing);
        backfills.put(pairId, b);
        background.execute(() -> {
            try {
                gateway.backfills().pair(pairId, b);
                b.ready();
                LOG.infof("pair %s is ready: its index covers the corpus (%d documents embedded)", pairId, b.done());
            } catch (RuntimeException e) {
                b.failed(e);
                LOG.errorf(e, "backfill of pair %s failed", pairId);
            }
        });
    }

    private void save() {
        List<PairDefinition> runtime = gateway.pairs().values().stream().filter(p -> !configured.contains(p.id()))
                .map(PairDefinition::of).toList();
        file.write(new Saved(gateway.defaultPair(), runtime));
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}

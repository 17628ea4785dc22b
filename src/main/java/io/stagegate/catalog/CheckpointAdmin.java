package io.stagegate.catalog;

import io.stagegate.control.JsonFile;

import com.fasterxml.jackson.core.type.TypeReference;
import io.stagegate.CheckpointPair;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.model.Checkpoint;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.CheckpointPaths;
import io.stagegate.model.ModelCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Checkpoints registered while serving, from directories under the models root: checked by a probe inference before
 * anything changes, an embedder's vectors backfilled in the background at background priority, usable in pairs once
 * they cover the corpus. Registering an existing id registers a new version beside the serving one and swaps every
 * pair over when its vectors are complete; the replaced version is closed a grace period later. Registrations persist
 * in the data directory and are restored at startup.
 */
public final class CheckpointAdmin implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CheckpointAdmin.class);
    /** How long a replaced version stays loaded for requests that started on it. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(60);

    /** What the admin API receives: an id, a directory under the models root, and a device. */
    public record Registration(String id, String path, String device) {
    }

    /**
     * A runtime checkpoint version as the data directory keeps it; {@code serving} false while a replacement is still
     * being backfilled (a restart then resumes the backfill and swaps when it completes).
     */
    public record Saved(String id, String path, String device, int version, boolean serving) {
    }

    /** One checkpoint as GET /v1/admin/checkpoints shows it. */
    /**
     * @param version        the version serving now
     * @param pendingVersion a replacement being backfilled (it serves once {@code state} is ready), or null
     * @param state          ready, backfilling or failed, of the latest registration
     */
    public record Status(String id, String kind, String origin, int version, Integer pendingVersion, String serving,
                         String device, String source, String state, Integer backfilled, Integer corpus, String error,
                         List<String> usedBy) {
    }

    private final Gateway gateway;
    private final Optional<CheckpointPaths> paths;
    private final JsonFile<List<Saved>> file;
    private final Set<String> configured;
    private final Map<String, Saved> runtime = new LinkedHashMap<>();
    /** Replacements registered but not serving yet, by checkpoint id. */
    private final Map<String, Saved> pendingVersions = new LinkedHashMap<>();
    private final Map<String, BackfillProgress> progress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stagegate-checkpoint-backfill");
        t.setDaemon(true);
        return t;
    });

    /** @param paths the models root; empty refuses registration, saying which setting enables it */
    public CheckpointAdmin(Gateway gateway, Optional<CheckpointPaths> paths, Path file, Set<String> configured) {
        this.gateway = gateway;
        this.paths = paths;
        this.file = new JsonFile<>(file, new TypeReference<>() {
        }, List.of());
        this.configured = Set.copyOf(configured);
    }

    /** Registers the checkpoints of the last run again (before runtime pairs, which may read them). */
    public synchronized void restore() {
        List<Saved> saved = file.read();
        for (Saved s : saved.stream().filter(Saved::serving).toList()) {
            try {
                Checkpoint c = open(s.id(), s.version(), s.path(), s.device());
                catalog().register(c);
                runtime.put(s.id(), s);
                if (s.version() > 1) {
                    gateway.rollout().swap(s.id(), c.id());
                }
                if (c.spec().kind() == CheckpointKind.EMBEDDER) {
                    gateway.rollout().track(c.id());
                    backfill(s.id(), s.version(), c.id(), false);
                }
            } catch (RuntimeException e) {
                LOG.errorf("checkpoint %s from %s cannot be registered again: %s", s.id(), file.path(), e.getMessage());
            }
        }
        for (Saved s : saved.stream().filter(x -> !x.serving()).toList()) {
            try {
                Checkpoint c = open(s.id(), s.version(), s.path(), s.device());
                catalog().register(c);
                pendingVersions.put(s.id(), s);
                gateway.rollout().track(c.id());
                backfill(s.id(), s.version(), c.id(), true);
            } catch (RuntimeException e) {
                LOG.errorf("replacement %s version %d from %s cannot be registered again: %s", s.id(), s.version(),
                        file.path(), e.getMessage());
            }
        }
    }

    public synchronized Status register(Registration r) {
        if (r == null || r.id() == null || !r.id().matches("[A-Za-z0-9._-]{1,64}")) {
            throw StagegateException.invalid("id must match [A-Za-z0-9._-]{1,64}, was "
                    + (r == null || r.id() == null ? "missing" : "'" + r.id() + "'"));
        }
        CheckpointPaths root = paths.orElseThrow(() -> StagegateException.conflict("registering checkpoints needs a "
                + "models root: set stagegate.models-root to the directory they are copied under"));
        if (catalog().builtin(r.id())) {
            throw StagegateException.conflict("checkpoint '" + r.id() + "' is built in and cannot be replaced; register "
                    + "the new one under another id");
        }
        if (configured.contains(r.id())) {
            throw StagegateException.conflict("checkpoint '" + r.id() + "' is defined in configuration "
                    + "(stagegate.checkpoints." + r.id() + ".path); change it there");
        }
        BackfillProgress pending = progress.get(r.id());
        if (pending != null && pending.running()) {
            throw StagegateException.conflict("checkpoint '" + r.id() + "' version " + pending.version
                    + " is still being backfilled; wait for it (GET /v1/admin/checkpoints)");
        }
        Path dir = root.resolve(r.path());
        String device = r.device() == null ? "cpu" : r.device();
        Saved current = runtime.get(r.id());
        int version = current == null ? 1 : current.version() + 1;
        Checkpoint checkpoint = open(r.id(), version, dir.toString(), device);
        if (current != null) {
            CheckpointKind was = catalog().checkpoint(gateway.versions().resolve(r.id())).orElseThrow().spec().kind();
            if (was != checkpoint.spec().kind()) {
                throw StagegateException.invalid("checkpoint '" + r.id() + "' is a " + was + "; a new version must be too");
            }
        } else if (catalog().checkpoint(r.id()).isPresent()) {
            throw StagegateException.conflict("checkpoint '" + r.id() + "' exists");
        }
        try {
            catalog().register(checkpoint);
        } catch (StagegateException e) {
            throw e.kind() == ErrorKind.CONFLICT ? e
                    : StagegateException.invalid("checkpoint '" + r.id() + "' cannot be loaded: " + e.getMessage());
        }
        try {
            Probe.check(catalog(), checkpoint);
        } catch (RuntimeException e) {
            catalog().remove(checkpoint.id());
            throw e;
        }
        boolean replacing = current != null;
        Saved saved = new Saved(r.id(), dir.toString(), device, version, !replacing);
        if (checkpoint.spec().kind() == CheckpointKind.EMBEDDER) {
            gateway.rollout().track(checkpoint.id());
            if (replacing) {
                pendingVersions.put(r.id(), saved);
            } else {
                runtime.put(r.id(), saved);
            }
            save();
            backfill(r.id(), version, checkpoint.id(), replacing);
        } else {
            runtime.put(r.id(), new Saved(r.id(), dir.toString(), device, version, true));
            if (replacing) {
                swapAndRetire(r.id(), checkpoint.id());
            }
            save();
        }
        return status(r.id());
    }

    public synchronized void delete(String id) {
        if (!runtime.containsKey(id)) {
            if (catalog().checkpoint(id).isPresent()) {
                throw StagegateException.conflict("checkpoint '" + id + "' is " + (catalog().builtin(id) ? "built in"
                        : "defined in configuration") + " and cannot be deleted here");
            }
            throw StagegateException.notFound("no checkpoint '" + id + "'");
        }
        List<String> users = usedBy(id);
        if (!users.isEmpty()) {
            throw StagegateException.conflict("checkpoint '" + id + "' is used by pairs " + users + "; delete them first");
        }
        String version = gateway.versions().resolve(id);
        gateway.rollout().retire(version);
        if (!version.equals(id) && catalog().checkpoint(id).isPresent()) {
            gateway.rollout().retire(id);
        }
        runtime.remove(id);
        pendingVersions.remove(id);
        progress.remove(id);
        save();
    }

    public synchronized List<Status> list() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(runtime.keySet());
        catalog().checkpoints().keySet().stream().filter(id -> !id.contains("@")).forEach(ids::add);
        List<Status> out = new ArrayList<>();
        ids.forEach(id -> out.add(status(id)));
        return out;
    }

    /** Checkpoint versions being backfilled, for readiness data. */
    public Map<String, String> inProgress() {
        Map<String, String> out = new LinkedHashMap<>();
        progress.forEach((id, p) -> {
            if (p.running()) {
                out.put(id, "version " + p.version + ": " + p.done() + "/" + p.total + " documents");
            }
        });
        return out;
    }

    /** Documents still to embed for every checkpoint being backfilled (a metric). */
    public int pendingDocuments() {
        return progress.values().stream().filter(BackfillProgress::running).mapToInt(BackfillProgress::remaining).sum();
    }

    private Status status(String id) {
        Checkpoint serving = catalog().checkpoint(gateway.versions().resolve(id)).orElseThrow();
        Saved saved = runtime.get(id);
        BackfillProgress p = progress.get(id);
        String origin = catalog().builtin(id) ? "builtin" : saved != null ? "runtime" : "config";
        String state = p == null ? "ready" : p.state().name().toLowerCase(java.util.Locale.ROOT);
        Saved pending = pendingVersions.get(id);
        return new Status(id, serving.spec().kind().name().toLowerCase(java.util.Locale.ROOT), origin,
                saved == null ? 1 : saved.version(), pending == null ? null : pending.version(), serving.id(), serving.spec().device(), serving.source(), state,
                p == null ? null : p.done(), p == null ? null : p.total, p == null ? null : p.error(), usedBy(id));
    }

    private List<String> usedBy(String id) {
        List<String> out = new ArrayList<>();
        for (CheckpointPair p : gateway.pairs().values()) {
            if (p.embedders().contains(id) || p.reranker().filter(id::equals).isPresent()) {
                out.add(p.id());
            }
        }
        return out;
    }

    private void backfill(String id, int version, String internalId, boolean swapWhenDone) {
        int missing = gateway.store().size() - gateway.store().vectorIndex(internalId).size();
        BackfillProgress p = new BackfillProgress(version, missing);
        progress.put(id, p);
        background.execute(() -> {
            try {
                gateway.backfills().checkpoint(internalId, p);
                if (swapWhenDone) {
                    synchronized (this) {
                        swapAndRetire(id, internalId);
                        runtime.put(id, new Saved(id, pendingVersions.get(id).path(), pendingVersions.get(id).device(),
                                version, true));
                        pendingVersions.remove(id);
                        save();
                    }
                }
                p.ready();
                LOG.infof("checkpoint %s version %d covers the corpus%s", id, version, swapWhenDone ? " and now serves" : "");
            } catch (RuntimeException e) {
                p.failed(e);
                LOG.errorf(e, "backfill of checkpoint %s version %d failed", id, version);
            }
        });
    }

    private void swapAndRetire(String id, String version) {
        String old = gateway.versions().resolve(id);
        gateway.rollout().swap(id, version);
        LOG.infof("checkpoint %s now serves version %s (was %s)", id, version, old);
        if (!old.equals(version)) {
            background.schedule(() -> {
                try {
                    gateway.rollout().retire(old);
                } catch (RuntimeException e) {
                    LOG.warnf("replaced checkpoint version %s could not be closed: %s", old, e.getMessage());
                }
            }, RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Version 1 keeps the id; later versions are id@N, so their vectors live in their own field until they serve. */
    private static Checkpoint open(String id, int version, String path, String device) {
        String internal = version == 1 ? id : id + "@" + version;
        try {
            return CheckpointDirectory.open(internal, Path.of(path), device);
        } catch (IllegalArgumentException e) {
            throw StagegateException.invalid(e.getMessage());
        }
    }

    private ModelCatalog catalog() {
        return gateway.catalog();
    }

    private void save() {
        List<Saved> all = new ArrayList<>(runtime.values());
        all.addAll(pendingVersions.values());
        file.write(all);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}

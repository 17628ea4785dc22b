package io.stagegate.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * All declared checkpoints (built-ins plus user directories) by id; loads each one's ONNX session and tokenizer on
 * first use and keeps it for the life of the process.
 */
public final class ModelCatalog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);

    /** How ONNX calls are shaped and threaded. */
    public record Settings(int intraOpThreads, int maxBatchSize, int maxBatchTokens, boolean cudaFallbackToCpu,
                           int perItemParallelism) {
        public Settings {
            if (intraOpThreads < 1 || maxBatchSize < 1 || maxBatchTokens < 1 || perItemParallelism < 1) {
                throw new IllegalArgumentException("inference settings must be positive: " + intraOpThreads + ", "
                        + maxBatchSize + ", " + maxBatchTokens + ", " + perItemParallelism);
            }
        }

        /** One item at a time for per-item checkpoints, on intra-op threads. */
        public Settings(int intraOpThreads, int maxBatchSize, int maxBatchTokens, boolean cudaFallbackToCpu) {
            this(intraOpThreads, maxBatchSize, maxBatchTokens, cudaFallbackToCpu, 1);
        }

        /**
         * Whether a checkpoint runs several items side by side, each on one thread: per-item CPU checkpoints cannot
         * batch, and one small item leaves a second intra-op thread mostly waiting (measured: 2 items on 1 thread each
         * served 20% more int8 queries than 1 item on 2 threads, at +3.5 ms for a lone query).
         */
        public boolean itemParallel(CheckpointSpec spec) {
            return perItemParallelism > 1 && spec.execution() == Execution.PER_ITEM && !spec.device().startsWith("cuda");
        }
    }

    private final Map<String, Checkpoint> checkpoints;
    private final Set<String> builtins;
    private final Settings settings;
    private final Map<String, AutoCloseable> loaded = new ConcurrentHashMap<>();
    private final Set<String> cudaFallbacks = ConcurrentHashMap.newKeySet();

    public ModelCatalog(Map<String, Checkpoint> userCheckpoints, Settings settings) {
        Map<String, Checkpoint> all = new LinkedHashMap<>(BuiltinCheckpoints.all());
        userCheckpoints.forEach((id, c) -> {
            if (all.containsKey(id)) {
                throw new IllegalArgumentException("checkpoint id '" + id + "' is taken by a built-in checkpoint");
            }
            all.put(id, c);
        });
        this.checkpoints = new ConcurrentHashMap<>(all);
        this.builtins = Set.copyOf(BuiltinCheckpoints.all().keySet());
        this.settings = settings;
    }

    public Optional<Checkpoint> checkpoint(String id) {
        return Optional.ofNullable(checkpoints.get(id));
    }

    public Map<String, Checkpoint> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    public boolean builtin(String id) {
        return builtins.contains(id);
    }

    /**
     * Adds a checkpoint while serving and loads it now, so a broken one fails here, naming the problem, and leaves
     * the catalog as it was.
     */
    public void register(Checkpoint checkpoint) {
        String id = checkpoint.spec().id();
        if (checkpoints.putIfAbsent(id, checkpoint) != null) {
            throw StagegateException.conflict("checkpoint '" + id + "' exists");
        }
        try {
            loaded.computeIfAbsent(id, k -> load(checkpoint));
        } catch (RuntimeException e) {
            checkpoints.remove(id);
            throw e;
        }
    }

    /** Forgets a checkpoint registered at runtime and closes its model (callers make sure nothing uses it). */
    public void remove(String id) {
        if (builtins.contains(id)) {
            throw StagegateException.conflict("checkpoint '" + id + "' is built in");
        }
        checkpoints.remove(id);
        AutoCloseable model = loaded.remove(id);
        if (model != null) {
            try {
                model.close();
            } catch (Exception e) {
                LOG.warn("closing checkpoint " + id + " failed", e);
            }
        }
    }

    public Embedder embedder(String id) {
        Checkpoint c = require(id, CheckpointKind.EMBEDDER);
        return (Embedder) loaded.computeIfAbsent(id, k -> load(c));
    }

    public CrossEncoder crossEncoder(String id) {
        Checkpoint c = require(id, CheckpointKind.CROSS_ENCODER);
        return (CrossEncoder) loaded.computeIfAbsent(id, k -> load(c));
    }

    /** Fails with NOT_FOUND or INVALID_REQUEST unless {@code id} names a checkpoint of {@code kind}. */
    public Checkpoint require(String id, CheckpointKind kind) {
        Checkpoint c = checkpoints.get(id);
        if (c == null) {
            throw StagegateException.notFound("unknown checkpoint '" + id + "'; known: " + checkpoints.keySet());
        }
        if (c.spec().kind() != kind) {
            throw StagegateException.invalid("checkpoint '" + id + "' is a " + c.spec().kind() + ", not a " + kind);
        }
        return c;
    }

    private AutoCloseable load(Checkpoint checkpoint) {
        CheckpointSpec spec = checkpoint.spec();
        long start = System.nanoTime();
        ModelFiles files = checkpoint.files().get();
        Tokenizer tokenizer = Tokenizer.fromJson(files.tokenizerJson(), spec.maxLength());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            OnnxSession session = new OnnxSession(spec.id(), env, createSession(env, spec, files.onnx()), spec.outputName());
            AutoCloseable model = spec.kind() == CheckpointKind.EMBEDDER
                    ? new Embedder(spec, tokenizer, session, settings.maxBatchSize(), settings.maxBatchTokens())
                    : new CrossEncoder(spec, tokenizer, session, settings.maxBatchSize(), settings.maxBatchTokens());
            LOG.infof("loaded checkpoint %s (%s, %s, %s, %s tokenizer) from %s in %d ms", spec.id(), spec.kind(),
                    spec.device(), spec.execution(), tokenizer.implementation(), checkpoint.source(),
                    (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (OrtException e) {
            throw new StagegateException(ErrorKind.UNAVAILABLE, "checkpoint '" + spec.id() + "' cannot be loaded on "
                    + spec.device() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A session on the checkpoint's device. CUDA that cannot be initialised fails loudly, naming the checkpoint, or -
     * when cuda-fallback-to-cpu is on - runs on CPU with a warning and is counted in {@link #cudaFallbacks()}.
     */
    private OrtSession createSession(OrtEnvironment env, CheckpointSpec spec, byte[] onnx) throws OrtException {
        if (spec.device().startsWith("cuda:")) {
            try (OrtSession.SessionOptions options = cpuOptions()) {
                options.addCUDA(Integer.parseInt(spec.device().substring("cuda:".length())));
                return env.createSession(onnx, options);
            } catch (OrtException | RuntimeException e) {
                if (!settings.cudaFallbackToCpu()) {
                    throw new StagegateException(ErrorKind.UNAVAILABLE, "checkpoint '" + spec.id() + "' is configured for "
                            + spec.device() + " but CUDA cannot be initialised (" + e.getMessage() + "); build with "
                            + "-Pcuda on a machine with CUDA 12 and cuDNN 9, or set "
                            + "stagegate.inference.cuda-fallback-to-cpu=true to run it on CPU", e);
                }
                LOG.warnf("!!! checkpoint %s is configured for %s but CUDA cannot be initialised (%s); RUNNING IT ON CPU "
                        + "because stagegate.inference.cuda-fallback-to-cpu=true", spec.id(), spec.device(), e.getMessage());
                cudaFallbacks.add(spec.id());
            }
        }
        try (OrtSession.SessionOptions options = cpuOptions(settings.itemParallel(spec) ? 1 : settings.intraOpThreads())) {
            return env.createSession(onnx, options);
        }
    }

    private OrtSession.SessionOptions cpuOptions() throws OrtException {
        return cpuOptions(settings.intraOpThreads());
    }

    private OrtSession.SessionOptions cpuOptions(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        // Spinning intra-op threads burn the cores the event loops, tokenizers and other checkpoints need between runs.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public Settings settings() {
        return settings;
    }

    /** Checkpoints configured for CUDA that run on CPU because CUDA could not be initialised. */
    public Set<String> cudaFallbacks() {
        return Set.copyOf(cudaFallbacks);
    }

    @Override
    public void close() {
        loaded.values().forEach(m -> {
            try {
                m.close();
            } catch (Exception e) {
                LOG.warn("closing a checkpoint failed", e);
            }
        });
        loaded.clear();
    }
}

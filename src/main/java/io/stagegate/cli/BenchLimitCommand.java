package io.stagegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.StagegateConfig;
import io.stagegate.model.BatchPlan;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.CrossEncoder;
import io.stagegate.model.Embedder;
import io.stagegate.model.Encoded;
import io.stagegate.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hardware limit benchmarks compare against: raw ONNX Runtime throughput of one checkpoint on a workload file,
 * in a tight loop over ideal length-sorted batches, no server, no queue. Also reports the padding of those batches
 * against batches formed in arrival order. Measures two session layouts by default (one session on all its threads,
 * and one single-thread session per core side by side) and takes the better as the limit: on a small CPU the second
 * can be faster. Prints one JSON line prefixed "RESULT ".
 */
@Command(name = "bench-limit", mixinStandardHelpOptions = true,
        description = "Raw ONNX Runtime throughput on a workload (JSON lines {query, documents[]} or {input}).")
final class BenchLimitCommand implements Callable<Integer> {
    private final StagegateConfig config;

    @Option(names = "--checkpoint", required = true)
    String checkpoint;

    @Option(names = "--workload", required = true, description = "rerank: {query, documents}; embed: {input} per line")
    Path workload;

    @Option(names = "--seconds", defaultValue = "20")
    double seconds;

    @Option(names = "--batch-size", description = "default: stagegate.batching.max-batch-size")
    Integer batchSize;

    BenchLimitCommand(StagegateConfig config) {
        this.config = config;
    }

    @Option(names = "--sessions", description = "Independent sessions run side by side, each on its own thread "
            + "(default: measure both layouts, one session with stagegate.inference.intra-op-threads threads and one "
            + "single-thread session per core, and report the better as the limit)")
    Integer sessions;

    @Option(names = "--threads-per-session", description = "Intra-op threads of each session (default: "
            + "stagegate.inference.intra-op-threads for one session, 1 for several)")
    Integer threadsPerSession;

    /** One measured layout: sessions side by side, threads each, and what they achieved together. */
    record Layout(int sessions, int threadsPerSession, double itemsPerSecond, List<Double> perSession) {
    }

    @Override
    public Integer call() throws Exception {
        int size = batchSize != null ? batchSize : config.batching().maxBatchSize();
        int tokens = config.batching().maxBatchTokens();
        List<int[]> layouts = new ArrayList<>();
        if (sessions != null) {
            layouts.add(new int[] {sessions, threadsPerSession != null ? threadsPerSession
                    : sessions == 1 ? config.inference().intraOpThreads() : 1});
        } else {
            int cores = Runtime.getRuntime().availableProcessors();
            layouts.add(new int[] {1, config.inference().intraOpThreads()});
            if (cores > 1) {
                layouts.add(new int[] {cores, 1});
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<Layout> measured = new ArrayList<>();
        for (int[] l : layouts) {
            measured.add(measure(l[0], l[1], size, tokens, out));
        }
        Layout best = measured.stream().max(java.util.Comparator.comparingDouble(Layout::itemsPerSecond)).orElseThrow();
        out.put("itemsPerSecond", best.itemsPerSecond());
        out.put("bestLayout", best.sessions() + " session(s) x " + best.threadsPerSession() + " thread(s)");
        out.put("layouts", measured);
        out.put("batchSize", size);
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(out));
        return 0;
    }

    /** Runs {@code n} sessions of {@code threads} threads over the same ideal batches at once, for the same time. */
    private Layout measure(int n, int threads, int size, int tokens, Map<String, Object> out) throws Exception {
        List<ModelCatalog> catalogs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                catalogs.add(GatewayProducer.catalog(config, threads));
            }
            ModelCatalog first = catalogs.get(0);
            boolean rerank = first.checkpoint(checkpoint).orElseThrow(() -> new IllegalArgumentException(
                    "unknown checkpoint " + checkpoint)).spec().kind() == CheckpointKind.CROSS_ENCODER;
            List<Encoded> items = encode(first, rerank);
            int[] lengths = items.stream().mapToInt(Encoded::length).toArray();
            List<int[]> sorted = BatchPlan.plan(lengths, size, tokens);
            List<int[]> arrival = new ArrayList<>();
            for (int from = 0; from < lengths.length; from += size) {
                int[] b = new int[Math.min(size, lengths.length - from)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = from + i;
                }
                arrival.add(b);
            }
            long real = java.util.Arrays.stream(lengths).sum();
            out.put("checkpoint", checkpoint);
            out.put("kind", rerank ? "rerank" : "embed");
            out.put("items", items.size());
            out.put("meanTokens", (double) real / items.size());
            out.put("paddedPerRealSorted", (double) BatchPlan.paddedTokens(lengths, sorted) / real);
            out.put("paddedPerRealArrival", (double) BatchPlan.paddedTokens(lengths, arrival) / real);
            List<java.util.concurrent.Callable<Double>> runs = new ArrayList<>();
            for (ModelCatalog c : catalogs) {
                Runner runner = rerank ? batch -> c.crossEncoder(checkpoint).scoreBatch(batch)
                        : batch -> c.embedder(checkpoint).embedBatch(batch);
                runs.add(() -> {
                    runBatches(items, sorted, runner, 2.0); // warm-up
                    return runBatches(items, sorted, runner, seconds);
                });
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<Double> rates = new ArrayList<>();
                for (var f : pool.invokeAll(runs)) {
                    rates.add(f.get());
                }
                return new Layout(n, threads, rates.stream().mapToDouble(Double::doubleValue).sum(), rates);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            catalogs.forEach(ModelCatalog::close);
        }
    }

    private interface Runner {
        Object run(List<Encoded> batch);
    }

    private List<Encoded> encode(ModelCatalog catalog, boolean rerank) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Encoded> items = new ArrayList<>();
        for (String line : Files.readAllLines(workload)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            if (rerank) {
                CrossEncoder ce = catalog.crossEncoder(checkpoint);
                List<String> docs = new ArrayList<>();
                node.get("documents").forEach(d -> docs.add(d.asText()));
                items.addAll(ce.encode(node.get("query").asText(), docs));
            } else {
                Embedder e = catalog.embedder(checkpoint);
                items.addAll(e.encodeDocuments(List.of(node.get("input").asText())));
            }
        }
        return items;
    }

    /** Items per second over repeated passes of the plan for at least {@code seconds}. */
    private static double runBatches(List<Encoded> items, List<int[]> plan, Runner runner, double seconds) {
        long start = System.nanoTime();
        long done = 0;
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int[] b : plan) {
                List<Encoded> batch = new ArrayList<>(b.length);
                for (int i : b) {
                    batch.add(items.get(i));
                }
                runner.run(batch);
                done += b.length;
            }
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }
}

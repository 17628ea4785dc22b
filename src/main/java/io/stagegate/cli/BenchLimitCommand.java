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
 * against batches formed in arrival order. Prints one JSON line prefixed "RESULT ".
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

    @Override
    public Integer call() throws Exception {
        int size = batchSize != null ? batchSize : config.batching().maxBatchSize();
        int tokens = config.batching().maxBatchTokens();
        try (ModelCatalog catalog = GatewayProducer.catalog(config)) {
            boolean rerank = catalog.checkpoint(checkpoint).orElseThrow(() -> new IllegalArgumentException(
                    "unknown checkpoint " + checkpoint)).spec().kind() == CheckpointKind.CROSS_ENCODER;
            List<Encoded> items = encode(catalog, rerank);
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
            Runner runner = rerank ? batch -> catalog.crossEncoder(checkpoint).scoreBatch(batch)
                    : batch -> catalog.embedder(checkpoint).embedBatch(batch);
            runBatches(items, sorted, runner, 2.0); // warm-up
            double rate = runBatches(items, sorted, runner, seconds);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("checkpoint", checkpoint);
            out.put("kind", rerank ? "rerank" : "embed");
            out.put("items", items.size());
            out.put("meanTokens", (double) real / items.size());
            out.put("itemsPerSecond", rate);
            out.put("paddedPerRealSorted", (double) BatchPlan.paddedTokens(lengths, sorted) / real);
            out.put("paddedPerRealArrival", (double) BatchPlan.paddedTokens(lengths, arrival) / real);
            out.put("batchSize", size);
            out.put("intraOpThreads", config.inference().intraOpThreads());
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(out));
        }
        return 0;
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

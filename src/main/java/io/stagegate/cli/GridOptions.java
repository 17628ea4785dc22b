package io.stagegate.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code stagegate eval --grid}; the axes are comma-separated lists. */
final class GridOptions {
    @Option(names = "--filter", paramLabel = "JSON", description = "A search filter every query runs with, in the "
            + "API's JSON shape, e.g. '{\"term\": {\"tenant\": \"acme\"}}' (eval and grid)")
    String filterJson;

    /** The parsed --filter, or null. */
    io.stagegate.Filter filter() {
        if (filterJson == null) {
            return null;
        }
        try {
            return io.stagegate.Filter.parse(new com.fasterxml.jackson.databind.ObjectMapper().readValue(filterJson,
                    Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--filter is not JSON: " + e.getOriginalMessage());
        }
    }

    @Option(names = "--grid", description = "Run the component grid instead of one pair")
    boolean grid;

    @Option(names = "--embedders", split = ",", description = "Embedder checkpoints (default: the default pair's)")
    List<String> embedders;

    @Option(names = "--retrievers", split = ",", defaultValue = "dense",
            description = "dense, bm25[/LEX], hybrid[/LEX][:rrf[=K]|:convex[=W]] (W: dense weight; default ${DEFAULT-VALUE})")
    List<String> retrievers;

    @Option(names = "--second-stages", split = ",", defaultValue = "none",
            description = "none, ce:CHECKPOINT, rescore:E1[+E2...][+bm25][:rrf[=K]|:convex] (default ${DEFAULT-VALUE})")
    List<String> secondStages;

    @Option(names = "--ks", split = ",", defaultValue = "10,20,50,100,200",
            description = "Candidate budgets K (default ${DEFAULT-VALUE})")
    List<Integer> ks;

    @Option(names = "--top-n", defaultValue = "10", description = "Results per query (default ${DEFAULT-VALUE})")
    int topN;

    @Option(names = "--lexical", split = ",", defaultValue = "en",
            description = "Lexical analyzers to index: en, standard, cjk, smartcn; the first is the default (default "
                    + "${DEFAULT-VALUE})")
    List<String> lexical;

    @Option(names = "--baseline-embedder", description = "Embedder of the baseline (dense, no second stage); default: "
            + "the default pair's when among --embedders, else the first")
    String baselineEmbedder;

    @Option(names = "--baseline-k", description = "K of the baseline (default: the default pair's when among --ks)")
    Integer baselineK;

    @Option(names = "--latency-budget-ms", description = "Recommend the best pair whose p50 latency fits this budget")
    Double latencyBudgetMs;

    @Option(names = "--target-recall", defaultValue = "0.95",
            description = "First-stage recall each Recall@K curve is checked against (default ${DEFAULT-VALUE})")
    double targetRecall;

    @Option(names = "--permutations", defaultValue = "10000", description = "Sign flips of the randomisation test")
    int permutations;

    @Option(names = "--bootstrap", defaultValue = "2000", description = "Bootstrap resamples for the intervals")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random draw (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-queries", defaultValue = "0", description = "A seeded sample of this many queries (0: all)")
    int maxQueries;

    @Option(names = "--out", description = "Report directory (default: <data-dir>/eval/grids/<dataset>-<split>)")
    Path out;
}

package io.stagegate.cli;

import io.stagegate.app.GatewayProducer;
import io.stagegate.config.PairFactory;
import io.stagegate.config.StagegateConfig;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * stagegate copy-index: copies an embedded Lucene corpus (documents and every embedder's vectors) into the configured
 * index backend, embedding nothing. Moving a corpus to SolrCloud costs one pass of writes instead of a re-ingest
 * (embedding is the expensive part: minutes to hours on CPU).
 */
@Command(name = "copy-index", mixinStandardHelpOptions = true,
        description = "Copy a Lucene corpus (documents and all vectors) into the configured index backend (e.g. solrcloud),"
                + " without embedding anything.")
final class CopyIndexCommand implements Callable<Integer> {
    private final StagegateConfig config;

    @Option(names = "--from", required = true,
            description = "A stopped gateway's data directory (its corpus/ index), an eval store, or a Lucene index directory")
    Path from;

    @Option(names = "--batch", defaultValue = "256", description = "Documents per write (default ${DEFAULT-VALUE})")
    int batch;

    CopyIndexCommand(StagegateConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("--batch must be 1..10000, was " + batch);
        }
        Path dir = Files.isDirectory(from.resolve("corpus")) ? from.resolve("corpus") : from;
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(from + " is not a directory");
        }
        StagegateConfig.IndexConfig index = config.index();
        LexicalSettings lexical = new LexicalSettings(PairFactory.lexical(config), index.bm25().k1(), index.bm25().b());
        long start = System.nanoTime();
        try (LuceneStore source = new LuceneStore(dir, HnswSettings.defaults());
             DocumentStore target = GatewayProducer.store(index, Path.of(config.dataDir()), lexical)) {
            ProgressBar bar = ProgressBar.onStderr("copy", source.size());
            int n = source.export(batch, docs -> {
                target.upsert(docs);
                bar.advanced(docs.size());
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("copied %d documents from %s into the %s index in %.1f s (%.0f docs/s); it holds %d%n", n,
                    dir, index.backend(), seconds, n / seconds, target.size());
        }
        return 0;
    }
}

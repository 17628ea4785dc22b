package io.stagegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.StagegateConfig;
import io.stagegate.index.BeirCorpusReader;
import io.stagegate.index.Ingestor;
import io.stagegate.catalog.Gateway;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** stagegate ingest --file corpus.jsonl: embeds a BEIR corpus with every configured pair's embedder. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest a BEIR corpus.jsonl into the data directory (stop the server first: one writer at a time).")
final class IngestCommand implements Callable<Integer> {
    private final StagegateConfig config;

    @Option(names = "--file", required = true, description = "BEIR corpus.jsonl ({_id, title, text, metadata?} per line)")
    Path file;

    @Option(names = "--data-dir", description = "Data directory (default: stagegate.data-dir)")
    Path dataDir;

    @Option(names = "--chunk", defaultValue = "512", description = "Documents per atomic commit (default ${DEFAULT-VALUE})")
    int chunk;

    IngestCommand(StagegateConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() throws Exception {
        List<Document> docs;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            docs = BeirCorpusReader.read(r, new ObjectMapper());
        }
        Ingestor.checkUniqueIds(docs);
        Path dir = dataDir != null ? dataDir : Path.of(config.dataDir());
        try (Gateway gateway = GatewayProducer.replica(config, dir, id -> io.stagegate.batch.BatchListener.NONE)) {
            // Replicated: catch up with the documents topic first, so each chunk waits only for its own records.
            for (var behind = gateway.readiness().corpusNotReady(); behind.isPresent(); behind = gateway.readiness().corpusNotReady()) {
                System.err.println("waiting: " + behind.get());
                Thread.sleep(2000);
            }
            int embedders = gateway.ingestor().embedders().size();
            ProgressBar bar = ProgressBar.onStderr("ingest", (long) docs.size() * embedders);
            long start = System.nanoTime();
            for (int from = 0; from < docs.size(); from += chunk) {
                gateway.ingestor().ingest(docs.subList(from, Math.min(docs.size(), from + chunk)), bar);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ingested %d documents with %d embedder(s) %s in %.1f s (%.1f docs/s); corpus now %d documents in %s%n",
                    docs.size(), embedders, gateway.ingestor().embedders().stream().map(e -> e.id()).toList(), seconds,
                    docs.size() / seconds, gateway.store().size(), dir);
        }
        return 0;
    }
}

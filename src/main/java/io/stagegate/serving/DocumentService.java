package io.stagegate.serving;

import io.smallrye.mutiny.Uni;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.Ingestor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Ingest and lookup of corpus documents for every transport: the per-request limit, the ingest executor (parsing a
 * large body is CPU work too, never on an event loop) and the ingest counter.
 */
public final class DocumentService {
    private final DocumentStore store;
    private final Ingestor ingestor;
    private final Executor executor;
    private final int maxDocuments;
    private final IntConsumer ingested;

    /** @param ingested hears how many documents each accepted ingest wrote (a metric) */
    public DocumentService(DocumentStore store, Ingestor ingestor, Executor executor, int maxDocuments,
                           IntConsumer ingested) {
        this.store = store;
        this.ingestor = ingestor;
        this.executor = executor;
        this.maxDocuments = maxDocuments;
        this.ingested = ingested;
    }

    /** What an accepted ingest did, and the corpus size after it. */
    public record Ingested(int documents, long millis, int corpusSize) {
    }

    /** Parses (on the ingest executor) and ingests all or nothing; durable when the item arrives. */
    public Uni<Ingested> ingest(Supplier<List<Document>> parse) {
        return Uni.createFrom().item(() -> ingestor.ingest(parse.get(), Ingestor.Progress.NONE))
                .runSubscriptionOn(executor)
                .invoke(r -> ingested.accept(r.documents()))
                .map(r -> new Ingested(r.documents(), r.millis(), store.size()));
    }

    /** Refuses a request with no documents or more than one request may carry (a parser asks before it reads them). */
    public void requireCount(int count) {
        if (count > maxDocuments) {
            throw StagegateException.invalid("at most " + maxDocuments + " documents per request "
                    + "(stagegate.limits.max-documents-per-request); split the batch");
        }
        if (count == 0) {
            throw StagegateException.invalid("no documents in the body");
        }
    }

    /** Deletes on the ingest executor; durable and out of every later search when the item arrives. */
    public Uni<Boolean> delete(String id) {
        if (id == null || id.isBlank() || id.length() > Document.MAX_ID_LENGTH) {
            return Uni.createFrom().failure(StagegateException.invalid("id must be 1-" + Document.MAX_ID_LENGTH
                    + " characters, was " + (id == null ? "missing" : id.length())));
        }
        return Uni.createFrom().item(() -> ingestor.delete(id)).runSubscriptionOn(executor);
    }

    public int size() {
        return store.size();
    }

    public Optional<Document> get(String id) {
        return store.get(id);
    }
}

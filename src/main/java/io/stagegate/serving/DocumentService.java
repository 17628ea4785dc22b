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

    /** What a delete by filter found and did. */
    public record DeletedByFilter(int matched, int deleted, boolean dryRun) {
    }

    /** Most documents one delete by filter may remove, whatever the caller asks. */
    public static final int MAX_DELETE_BY_FILTER = 100_000;

    /**
     * Deletes every document that matches, or (dry run) only counts them; refuses, deleting nothing, when more than
     * {@code max} match, so a too-broad filter cannot empty the corpus by accident.
     */
    public Uni<DeletedByFilter> deleteMatching(io.stagegate.Filter filter, int max, boolean dryRun) {
        if (filter == null) {
            return Uni.createFrom().failure(StagegateException.invalid("filter is required (it selects what to delete)"));
        }
        if (max < 1 || max > MAX_DELETE_BY_FILTER) {
            return Uni.createFrom().failure(StagegateException.invalid("max must be 1.." + MAX_DELETE_BY_FILTER
                    + ", was " + max));
        }
        return Uni.createFrom().item(() -> {
            List<String> ids = store.matching(filter, max + 1);
            if (ids.size() > max) {
                throw StagegateException.invalid("more than " + max + " documents match the filter; nothing was deleted "
                        + "(raise max up to " + MAX_DELETE_BY_FILTER + ", or narrow the filter)");
            }
            return new DeletedByFilter(ids.size(), dryRun ? 0 : ingestor.delete(ids), dryRun);
        }).runSubscriptionOn(executor);
    }

    public int size() {
        return store.size();
    }

    public Optional<Document> get(String id) {
        return store.get(id);
    }
}

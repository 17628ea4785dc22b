package io.stagegate.index;

import io.stagegate.Document;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchedEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeds documents with every embedder that must cover the corpus and writes them, with all their vectors, in one
 * atomic upsert per call. Idempotent by id: re-ingesting an id replaces its text and every vector. Inference goes
 * through each embedder's batcher at background priority. Blocking: run it on the ingest executor.
 */
public final class Ingestor {
    private final DocumentStore store;
    private final DocumentWrites writes;
    private volatile List<BatchedEmbedder> embedders;
    /**
     * Ingests hold it shared for their whole run, adding an embedder holds it exclusively: once {@link #addEmbedder}
     * returns, every ingest still to commit embeds with the new embedder too, so a backfill started afterwards and
     * run until nothing is missing leaves no document without its vector.
     */
    private final java.util.concurrent.locks.ReadWriteLock embedderSet = new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Told after each embedded chunk, so a CLI can draw progress. */
    public interface Progress {
        void advanced(int documents);

        Progress NONE = n -> { };
    }

    public record Report(int documents, long millis) {
    }

    public Ingestor(DocumentStore store, List<BatchedEmbedder> embedders) {
        this(store, DocumentWrites.local(store), embedders);
    }

    /**
     * {@code writes} takes ingested documents (the store itself, or a replicated log); backfills stay local to
     * {@code store} on every replica, since embedding is deterministic and each replica computes the same vectors.
     */
    public Ingestor(DocumentStore store, DocumentWrites writes, List<BatchedEmbedder> embedders) {
        if (embedders.isEmpty()) {
            throw new IllegalArgumentException("at least one embedder must cover the corpus");
        }
        this.store = store;
        this.writes = writes;
        this.embedders = List.copyOf(embedders);
    }

    public List<BatchedEmbedder> embedders() {
        return embedders;
    }

    /** Makes every later ingest embed with {@code embedder} as well; waits for ingests in flight to commit. */
    public void addEmbedder(BatchedEmbedder embedder) {
        embedderSet.writeLock().lock();
        try {
            if (embedders.stream().noneMatch(e -> e.id().equals(embedder.id()))) {
                List<BatchedEmbedder> next = new ArrayList<>(embedders);
                next.add(embedder);
                embedders = List.copyOf(next);
            }
        } finally {
            embedderSet.writeLock().unlock();
        }
    }

    /** Stops embedding later ingests with a checkpoint version (replaced by a newer one); waits for ingests in flight. */
    public void removeEmbedder(String id) {
        embedderSet.writeLock().lock();
        try {
            embedders = embedders.stream().filter(e -> !e.id().equals(id)).toList();
        } finally {
            embedderSet.writeLock().unlock();
        }
    }

    /** Rejects an ingest batch that names one id twice (which copy should win would be a guess). */
    public static void checkUniqueIds(List<Document> documents) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            String id = documents.get(i).id();
            if (!seen.add(id)) {
                throw StagegateException.invalid("documents[" + i + "].id '" + id + "' appears more than once in this batch");
            }
        }
    }

    /**
     * Deletes a document with all its vectors, on every replica when writes are replicated; returns whether this
     * replica had it. An ingest of the same id in flight meanwhile commits after or before it: the later commit wins.
     */
    public boolean delete(String id) {
        return writes.delete(id);
    }

    /** Deletes the given ids (see {@link #delete(String)}); returns how many this replica had. */
    public int delete(List<String> ids) {
        return writes.delete(ids);
    }

    /** Embeds and writes {@code documents} atomically. */
    public Report ingest(List<Document> documents, Progress progress) {
        checkUniqueIds(documents);
        store.check(documents);
        embedderSet.readLock().lock();
        try {
            return ingestLocked(documents, progress);
        } finally {
            embedderSet.readLock().unlock();
        }
    }

    private Report ingestLocked(List<Document> documents, Progress progress) {
        List<BatchedEmbedder> embedders = this.embedders;
        long start = System.nanoTime();
        List<Map<String, float[]>> vectors = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            vectors.add(new HashMap<>());
        }
        embedInto(documents, vectors, embedders, progress);
        List<StoredDocument> stored = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            stored.add(new StoredDocument(documents.get(i), vectors.get(i)));
        }
        writes.write(stored);
        return new Report(documents.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Gives every stored document a vector of {@code embedder} (e.g. after a pair with a new embedder was configured),
     * keeping the vectors it already has. Commits every {@code chunk} documents; safe to interrupt and resume, and safe
     * to run while documents are ingested (see {@link #addEmbedder}).
     */
    public int backfill(BatchedEmbedder embedder, int chunk, Progress progress) {
        int done = 0;
        while (true) {
            List<StoredDocument> missing = store.missingVectors(embedder.id(), chunk);
            if (missing.isEmpty()) {
                return done;
            }
            List<Document> docs = missing.stream().map(StoredDocument::document).toList();
            List<Map<String, float[]>> vectors = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                vectors.add(new HashMap<>());
            }
            embedInto(docs, vectors, List.of(embedder), progress);
            // Conditional: a document re-ingested meanwhile keeps its new text (and got this vector from that ingest).
            done += store.addVectors(embedder.id(), missing, vectors.stream().map(v -> v.get(embedder.id())).toList());
        }
    }

    /**
     * Rewrites documents that lack the BM25 field of a configured analyzer (stored before it was configured), keeping
     * their text and vectors: nothing is embedded. Commits every {@code chunk} documents; safe to interrupt.
     */
    public static int backfillLexical(DocumentStore store, int chunk) {
        int done = 0;
        String lastFirst = null;
        while (true) {
            List<StoredDocument> missing = store.missingLexical(chunk);
            if (missing.isEmpty()) {
                return done;
            }
            String first = missing.get(0).document().id();
            if (first.equals(lastFirst)) {
                throw new IllegalStateException("lexical backfill made no progress at document '" + first + "'");
            }
            lastFirst = first;
            store.upsert(missing);
            done += missing.size();
        }
    }

    private static void embedInto(List<Document> documents, List<Map<String, float[]>> vectors, List<BatchedEmbedder> embedders,
                                  Progress progress) {
        List<String> texts = documents.stream().map(Document::embeddingText).toList();
        // Slices bound memory for the padded tensors and give progress a steady beat.
        int slice = 256;
        for (BatchedEmbedder embedder : embedders) {
            for (int from = 0; from < texts.size(); from += slice) {
                int to = Math.min(texts.size(), from + slice);
                float[][] out = embedder.embedBackground(embedder.embedder().encodeDocuments(texts.subList(from, to)));
                for (int i = from; i < to; i++) {
                    vectors.get(i).put(embedder.id(), out[i - from]);
                }
                progress.advanced((to - from));
            }
        }
    }
}

package io.stagegate.index;

import io.stagegate.Document;
import java.util.List;
import java.util.Optional;

/**
 * The corpus, stored once, with one vector index per embedder and one BM25 field per configured analyzer. Writes are
 * atomic per call and durable on return.
 */
public interface DocumentStore extends AutoCloseable {
    /** Replaces or adds every document (matched by id) with exactly the given vectors; all or nothing. */
    void upsert(List<StoredDocument> documents);

    int size();

    /**
     * Refuses documents the store could not index as they are (e.g. a metadata field whose type differs from the one
     * the index holds), before anything is embedded or published; a 400 naming the field.
     */
    default void check(List<io.stagegate.Document> documents) {
    }

    /**
     * Removes a document with every vector and BM25 term it has; durable and invisible to searches on return.
     * Returns whether it was there.
     */
    boolean delete(String id);

    /** Deletes every given id in one durable commit; returns how many were there. */
    int delete(List<String> ids);

    /** The ids of up to {@code limit} documents that match {@code filter}, in index order. */
    default List<String> matching(io.stagegate.Filter filter, int limit) {
        throw io.stagegate.StagegateException.invalid("this index backend does not support filter yet");
    }

    Optional<Document> get(String id);

    /**
     * Adds one embedder's vectors to documents read earlier by {@link #missingVectors}, keeping every vector they carry
     * now; a document changed or removed since it was read is left alone (its new version was embedded by its own
     * ingest, or will be found missing again). Atomic and durable like {@link #upsert}. Returns how many were written.
     */
    int addVectors(String embedderId, List<StoredDocument> read, List<float[]> vectors);

    /** Up to {@code limit} stored documents that lack a vector of {@code embedderId}. */
    List<StoredDocument> missingVectors(String embedderId, int limit);

    VectorIndex vectorIndex(String embedderId);

    /** The analyzers documents get a BM25 field for, in configuration order. */
    List<String> lexicalAnalyzers();

    /** The BM25 field of a configured analyzer; IllegalArgumentException for one that is not configured. */
    LexicalIndex lexicalIndex(String analyzer);

    /** Up to {@code limit} stored documents that lack the BM25 field of a configured analyzer, with their vectors. */
    List<StoredDocument> missingLexical(int limit);

    @Override
    void close();
}

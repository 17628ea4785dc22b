package io.stagegate.index;

import java.util.List;
import java.util.Optional;

/**
 * Where ingested documents go once embedded: straight into this replica's store, or through a replicated log that
 * every replica (this one included) applies to its own store. Either way a call returns once the documents are
 * visible to searches on this replica, all of them or (when it throws) none written locally by this call.
 */
public interface DocumentWrites extends AutoCloseable {
    void write(List<StoredDocument> documents);

    /**
     * Removes a document on this replica (and, through a replicated log, on every replica); returns once no search on
     * this replica returns it. Returns whether this replica had it.
     */
    boolean delete(String id);

    /** Deletes every given id (one commit locally, one tombstone each when replicated); returns how many this replica had. */
    int delete(List<String> ids);

    /** Why this replica's corpus is not complete yet (e.g. still replaying the log), or empty. */
    default Optional<String> notReady() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }

    /** The single-replica default: one atomic upsert into the store. */
    static DocumentWrites local(DocumentStore store) {
        return new DocumentWrites() {
            @Override
            public void write(List<StoredDocument> documents) {
                store.upsert(documents);
            }

            @Override
            public boolean delete(String id) {
                return store.delete(id);
            }

            @Override
            public int delete(List<String> ids) {
                return store.delete(ids);
            }
        };
    }
}

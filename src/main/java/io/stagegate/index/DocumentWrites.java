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

    /** Why this replica's corpus is not complete yet (e.g. still replaying the log), or empty. */
    default Optional<String> notReady() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }

    /** The single-replica default: one atomic upsert into the store. */
    static DocumentWrites local(DocumentStore store) {
        return store::upsert;
    }
}

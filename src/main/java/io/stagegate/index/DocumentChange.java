package io.stagegate.index;

/**
 * One change to the corpus in the order it was made: a document (with its vectors) replaced or added, or an id
 * removed. A replicated log is a sequence of these; applying them in order gives every replica the same corpus.
 *
 * @param document the new version, or null when the id is deleted
 */
public record DocumentChange(String id, StoredDocument document) {
    public DocumentChange {
        if (id == null || (document != null && !document.document().id().equals(id))) {
            throw new IllegalArgumentException("a change names its document's id, was " + id);
        }
    }

    public static DocumentChange upsert(StoredDocument d) {
        return new DocumentChange(d.document().id(), d);
    }

    public static DocumentChange delete(String id) {
        return new DocumentChange(id, null);
    }

    public boolean isDelete() {
        return document == null;
    }
}

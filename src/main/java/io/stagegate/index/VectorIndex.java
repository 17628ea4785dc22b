package io.stagegate.index;

import io.stagegate.Candidate;
import java.util.List;

/** The vectors of one embedder checkpoint over the corpus, searchable by dot product (vectors are unit length). */
public interface VectorIndex {
    String embedderId();

    /** The k nearest documents, best first. */
    List<Candidate> search(float[] query, int k);

    /** As {@link #search}, saying whether every part of the index answered (an embedded index always does). */
    default Hits searchHits(float[] query, int k) {
        return Hits.complete(search(query, k));
    }

    /**
     * The k nearest documents that match {@code filter} (null: all), pre-filtered: k come back whenever k match. An
     * index that cannot filter refuses a filter rather than ignore it.
     */
    default Hits searchHits(float[] query, int k, io.stagegate.Filter filter) {
        if (filter == null) {
            return searchHits(query, k);
        }
        throw io.stagegate.StagegateException.invalid("this index backend does not support filter yet");
    }

    /**
     * The stored vectors of the given documents, in the given order ({@code null} for a document without one), read
     * back from the index: what rescoring multiplies with the query instead of embedding documents again.
     */
    List<float[]> vectors(List<String> documentIds);

    /** Documents that have a vector in this index. */
    int size();
}

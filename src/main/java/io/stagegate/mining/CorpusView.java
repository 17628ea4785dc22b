package io.stagegate.mining;

import java.util.List;
import java.util.Optional;

/** Read access to corpus texts by document id: what the examples carry and what scorers embed. */
public interface CorpusView extends AutoCloseable {
    /** The text an embedder sees for this document ({@link io.stagegate.Document#embeddingText()}), if it exists. */
    Optional<String> text(String id);

    /**
     * The document's vector under an embedder when the corpus already holds it (a gateway index does, for every
     * served embedder), so scoring need not run the model over documents again.
     */
    default Optional<float[]> vector(String embedderId, String id) {
        return Optional.empty();
    }

    /** Every document id, in a stable order, for drawing random documents. */
    List<String> ids();

    @Override
    default void close() {
    }
}

package io.stagegate;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What re-orders a pair's K candidates before the top N are kept: nothing, a cross-encoder checkpoint, or rescoring by
 * the stored vectors of other embedders (and optionally BM25), fused with the pair's own embedder's score.
 */
public sealed interface SecondStage {
    None NONE = new None();

    /** The name used in configuration, the API and reports. */
    String kind();

    /** Candidates keep their first-stage order. */
    record None() implements SecondStage {
        public String kind() {
            return "none";
        }
    }

    /** A cross-encoder scores every (query, candidate) pair; the checkpoint runs once per candidate. */
    record CrossEncoding(String checkpoint) implements SecondStage {
        public CrossEncoding {
            if (checkpoint == null || checkpoint.isBlank()) {
                throw new IllegalArgumentException("reranker must name a cross-encoder checkpoint");
            }
        }

        public String kind() {
            return "cross-encoder";
        }
    }

    /**
     * A cheap ensemble: the pair's embedder and each of {@code embedders} score every candidate by a dot product with
     * the document's stored vector (one query embedding per embedder; no document is embedded again), BM25 adds its
     * score when {@code bm25}, and {@code fusion} combines them in that order: pair embedder, embedders..., BM25.
     */
    record Rescoring(List<String> embedders, boolean bm25, Fusion fusion) implements SecondStage {
        public Rescoring {
            embedders = List.copyOf(Objects.requireNonNull(embedders, "embedders"));
            Objects.requireNonNull(fusion, "fusion");
            for (int i = 0; i < embedders.size(); i++) {
                if (embedders.get(i).isBlank()) {
                    throw new IllegalArgumentException("rescore.embedders[" + i + "] must be a non-blank checkpoint id");
                }
            }
            if (new HashSet<>(embedders).size() != embedders.size()) {
                throw new IllegalArgumentException("rescore.embedders must not repeat a checkpoint, were " + embedders);
            }
            if (embedders.isEmpty() && !bm25) {
                throw new IllegalArgumentException("rescore needs at least one embedder besides the pair's, or bm25");
            }
            // Fields are assigned after the compact constructor: count from the parameters.
            fusion.checkInputs(1 + embedders.size() + (bm25 ? 1 : 0), "rescore.fusion");
        }

        /** Fused inputs: the pair's embedder, the extra embedders, BM25. */
        public int inputs() {
            return 1 + embedders.size() + (bm25 ? 1 : 0);
        }

        public String kind() {
            return "rescore";
        }
    }
}

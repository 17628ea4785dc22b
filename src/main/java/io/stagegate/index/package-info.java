/**
 * Documents, their vector and BM25 fields behind seams ({@link io.stagegate.index.DocumentStore}, {@link
 * io.stagegate.index.VectorIndex}, {@link io.stagegate.index.LexicalIndex}), the embedded Lucene implementation, and
 * ingest. Uses {@code batch} (to embed on ingest).
 */
package io.stagegate.index;

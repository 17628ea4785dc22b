package io.stagegate.index;

import io.stagegate.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/** One embedder's HNSW field of a {@link LuceneStore}. Blocking: call it from a bounded search executor. */
public final class LuceneVectorIndex implements VectorIndex {
    private final LuceneStore store;
    private final String embedderId;
    private final String field;

    LuceneVectorIndex(LuceneStore store, String embedderId, String field) {
        this.store = store;
        this.embedderId = embedderId;
        this.field = field;
    }

    @Override
    public String embedderId() {
        return embedderId;
    }

    @Override
    public List<Candidate> search(float[] query, int k) {
        return search(query, k, null);
    }

    /**
     * Lucene's filtered HNSW: the filter is evaluated first and the graph search only accepts matching documents; when
     * fewer match than the search would visit, Lucene scores the matches exactly instead, so k come back whenever k
     * match.
     */
    @Override
    public Hits searchHits(float[] query, int k, io.stagegate.Filter filter) {
        return Hits.complete(search(query, k, filter));
    }

    private List<Candidate> search(float[] query, int k, io.stagegate.Filter filter) {
        org.apache.lucene.search.Query only = filter == null ? null : store.filterQuery(filter);
        return store.withSearcher(s -> {
            TopDocs top = s.search(new KnnFloatVectorQuery(field, query, k, only), k);
            StoredFields fields = s.storedFields();
            List<Candidate> out = new ArrayList<>(top.scoreDocs.length);
            int rank = 1;
            for (ScoreDoc hit : top.scoreDocs) {
                // Lucene scores DOT_PRODUCT as (1 + dot) / 2; report the dot product itself.
                double dot = 2.0 * hit.score - 1.0;
                out.add(new Candidate(store.hitDocument(s, fields, hit.doc), dot, rank++));
            }
            return out;
        });
    }

    @Override
    public List<float[]> vectors(List<String> documentIds) {
        return store.withSearcher(s -> StoredReads.vectorsById(s, field, documentIds));
    }

    @Override
    public int size() {
        return store.withSearcher(s -> s.count(new FieldExistsQuery(field)));
    }
}

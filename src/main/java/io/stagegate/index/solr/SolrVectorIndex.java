package io.stagegate.index.solr;

import io.stagegate.Candidate;
import io.stagegate.index.Hits;
import io.stagegate.index.VectorIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * One embedder's HNSW field of a {@link SolrStore}: {@code {!knn}} on every shard with topK = k x over-fetch (Solr 9
 * has no efSearch), the best k kept. Scores are dot products, as {@link io.stagegate.index.LuceneVectorIndex} reports
 * them, so fusion and rescoring see the same scale on both backends. Blocking: call it from a bounded search executor.
 */
final class SolrVectorIndex implements VectorIndex {
    private final SolrStore store;
    private final String embedderId;
    private final String field;

    SolrVectorIndex(SolrStore store, String embedderId) {
        this.store = store;
        this.embedderId = embedderId;
        this.field = SolrSchema.vectorField(embedderId);
    }

    @Override
    public String embedderId() {
        return embedderId;
    }

    @Override
    public List<Candidate> search(float[] query, int k) {
        return searchHits(query, k).candidates();
    }

    @Override
    public Hits searchHits(float[] query, int k) {
        return searchHits(query, k, null);
    }

    /** Solr's {@code {!knn}} honours {@code fq} as a pre-filter (Solr 9.1+): the same semantics as the embedded index. */
    @Override
    public Hits searchHits(float[] query, int k, io.stagegate.Filter filter) {
        String fq = filter == null ? null : store.filterQuery(filter);
        if (!store.schema().has(field)) {
            return Hits.complete(List.of()); // no document has a vector of this embedder yet
        }
        StringBuilder q = new StringBuilder("{!knn f=").append(field).append(" topK=")
                .append(store.settings().topK(k)).append("}[");
        for (int i = 0; i < query.length; i++) {
            q.append(i == 0 ? "" : ",").append(query[i]);
        }
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", q.append(']').toString());
        if (fq != null) {
            p.set("fq", fq);
        }
        p.set("rows", k);
        p.set("fl", SolrStore.DOCUMENT_FIELDS + ",score");
        List<Candidate> out = new ArrayList<>(k);
        int rank = 1;
        QueryResponse response = store.solr().query(p);
        for (SolrDocument d : response.getResults()) {
            // Lucene (9 in Solr as 10 in the gateway) scores DOT_PRODUCT as (1 + dot) / 2; report the dot product.
            double dot = 2.0 * ((Number) d.getFirstValue("score")).doubleValue() - 1.0;
            out.add(new Candidate(SolrStore.fromSolr(d), dot, rank++));
        }
        return new Hits(out, SolrCollection.partial(response));
    }

    @Override
    public List<float[]> vectors(List<String> documentIds) {
        if (documentIds.isEmpty() || !store.schema().has(field)) {
            return java.util.Arrays.asList(new float[documentIds.size()][]);
        }
        Map<String, float[]> byId = new HashMap<>();
        for (SolrDocument d : store.solr().getById(documentIds, SolrStore.fields(SolrStore.ID + "," + field))) {
            byId.put(String.valueOf(d.getFirstValue(SolrStore.ID)), SolrStore.vector(d.getFieldValues(field)));
        }
        List<float[]> out = new ArrayList<>(documentIds.size());
        documentIds.forEach(id -> out.add(byId.get(id)));
        return out;
    }

    @Override
    public int size() {
        return store.count(SolrStore.term(SolrStore.EMBEDDERS, embedderId));
    }
}

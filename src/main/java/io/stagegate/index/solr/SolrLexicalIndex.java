package io.stagegate.index.solr;

import io.stagegate.Candidate;
import io.stagegate.index.Hits;
import io.stagegate.index.LexicalAnalyzers;
import io.stagegate.index.LexicalIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * One BM25 field of a {@link SolrStore}. The query is analysed here, with the same analyzer the Lucene backend uses,
 * and sent as one term clause per distinct term, repeated as often as the term occurs ({@code {!bool}} over
 * {@code {!term}}: no second analysis in Solr), which is the query {@link io.stagegate.index.LuceneLexicalIndex} runs.
 * Term statistics are collection-wide (ExactStatsCache in the shipped solrconfig.xml), so scores match one index's.
 */
final class SolrLexicalIndex implements LexicalIndex {
    /** Solr's default maxBooleanClauses. */
    private static final int MAX_TERMS = 1024;

    private final SolrStore store;
    private final String analyzerName;
    private final String field;
    private final Analyzer analyzer;

    SolrLexicalIndex(SolrStore store, String analyzerName) {
        this.store = store;
        this.analyzerName = analyzerName;
        this.field = SolrSchema.lexicalField(analyzerName);
        this.analyzer = LexicalAnalyzers.create(analyzerName);
    }

    @Override
    public String analyzer() {
        return analyzerName;
    }

    /** The query's parameters, or null when no term survives analysis. */
    private ModifiableSolrParams query(String text) {
        Map<String, Integer> terms = LexicalAnalyzers.terms(analyzer, field, text, MAX_TERMS);
        if (terms.isEmpty()) {
            return null;
        }
        ModifiableSolrParams p = new ModifiableSolrParams();
        StringBuilder bool = new StringBuilder("{!bool");
        int i = 0;
        for (Map.Entry<String, Integer> t : terms.entrySet()) {
            String name = "t" + i++;
            p.set(name, "{!term f=" + field + "}" + t.getKey());
            for (int n = 0; n < t.getValue(); n++) {
                bool.append(" should=$").append(name);
            }
        }
        p.set("q", bool.append('}').toString());
        return p;
    }

    @Override
    public List<Candidate> search(String text, int k) {
        return searchHits(text, k).candidates();
    }

    @Override
    public Hits searchHits(String text, int k) {
        return searchHits(text, k, null);
    }

    @Override
    public Hits searchHits(String text, int k, io.stagegate.Filter filter) {
        String fq = filter == null ? null : store.filterQuery(filter);
        ModifiableSolrParams p = query(text);
        if (p == null) {
            return Hits.complete(List.of());
        }
        if (fq != null) {
            p.set("fq", fq);
        }
        p.set("rows", k);
        p.set("fl", SolrStore.DOCUMENT_FIELDS + ",score");
        List<Candidate> out = new ArrayList<>(k);
        int rank = 1;
        QueryResponse response = store.solr().query(p);
        for (SolrDocument d : response.getResults()) {
            out.add(new Candidate(SolrStore.fromSolr(d), ((Number) d.getFirstValue("score")).doubleValue(), rank++));
        }
        return new Hits(out, SolrCollection.partial(response));
    }

    @Override
    public Map<String, Double> scores(String text, Collection<String> documentIds) {
        ModifiableSolrParams p = query(text);
        if (p == null || documentIds.isEmpty()) {
            return Map.of();
        }
        StringBuilder only = new StringBuilder("{!bool");
        int i = 0;
        for (String id : documentIds) {
            String name = "d" + i++;
            p.set(name, "{!term f=" + SolrStore.ID + "}" + id);
            only.append(" should=$").append(name);
        }
        p.set("fq", only.append('}').toString());
        p.set("rows", documentIds.size());
        p.set("fl", SolrStore.ID + ",score");
        Map<String, Double> out = new HashMap<>();
        for (SolrDocument d : store.solr().query(p).getResults()) {
            out.put(String.valueOf(d.getFirstValue(SolrStore.ID)), ((Number) d.getFirstValue("score")).doubleValue());
        }
        return out;
    }

    @Override
    public int size() {
        return store.count(SolrStore.term(SolrStore.LEXED, analyzerName));
    }
}

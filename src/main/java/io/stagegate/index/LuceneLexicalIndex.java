package io.stagegate.index;

import io.stagegate.Candidate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * One BM25 field of a {@link LuceneStore}. A query is its bag of analysed terms: one SHOULD clause per distinct term,
 * boosted by how often the term occurs (what BM25 gives a repeated query term), as Anserini builds BEIR queries.
 */
public final class LuceneLexicalIndex implements LexicalIndex {
    private final LuceneStore store;
    private final String analyzerName;
    private final String field;
    private final Analyzer analyzer;

    LuceneLexicalIndex(LuceneStore store, String analyzerName, String field, Analyzer analyzer) {
        this.store = store;
        this.analyzerName = analyzerName;
        this.field = field;
        this.analyzer = analyzer;
    }

    @Override
    public String analyzer() {
        return analyzerName;
    }

    /** The query's analysed terms with their counts, in first-occurrence order; at most the searcher's clause limit. */
    Map<String, Integer> terms(String text) {
        return LexicalAnalyzers.terms(analyzer, field, text, IndexSearcher.getMaxClauseCount());
    }

    /** The BM25 query for {@code text}, or null when no term survives analysis (e.g. only stop words). */
    Query query(String text) {
        Map<String, Integer> terms = terms(text);
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        terms.forEach((t, n) -> {
            Query q = new TermQuery(new Term(field, t));
            b.add(n == 1 ? q : new BoostQuery(q, n), BooleanClause.Occur.SHOULD);
        });
        return b.build();
    }

    @Override
    public List<Candidate> search(String text, int k) {
        return search(text, k, null);
    }

    @Override
    public Hits searchHits(String text, int k, io.stagegate.Filter filter) {
        return Hits.complete(search(text, k, filter));
    }

    private List<Candidate> search(String text, int k, io.stagegate.Filter filter) {
        Query terms = query(text);
        if (terms == null) {
            return List.of();
        }
        Query query = filter == null ? terms : new BooleanQuery.Builder().add(terms, BooleanClause.Occur.MUST)
                .add(store.filterQuery(filter), BooleanClause.Occur.FILTER).build();
        return store.withSearcher(s -> {
            TopDocs top = s.search(query, k);
            StoredFields fields = s.storedFields();
            List<Candidate> out = new ArrayList<>(top.scoreDocs.length);
            int rank = 1;
            for (ScoreDoc hit : top.scoreDocs) {
                out.add(new Candidate(store.hitDocument(s, fields, hit.doc), hit.score, rank++));
            }
            return out;
        });
    }

    @Override
    public Map<String, Double> scores(String text, Collection<String> documentIds) {
        Query query = query(text);
        if (query == null || documentIds.isEmpty()) {
            return Map.of();
        }
        List<BytesRef> ids = documentIds.stream().map(BytesRef::new).toList();
        Query only = new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(new TermInSetQuery(LuceneStore.ID, ids), BooleanClause.Occur.FILTER)
                .build();
        return store.withSearcher(s -> {
            TopDocs top = s.search(only, documentIds.size());
            StoredFields fields = s.storedFields();
            Map<String, Double> out = new HashMap<>();
            for (ScoreDoc hit : top.scoreDocs) {
                out.put(fields.document(hit.doc, Set.of(LuceneStore.ID)).get(LuceneStore.ID), (double) hit.score);
            }
            return out;
        });
    }

    @Override
    public int size() {
        return store.withSearcher(s -> s.count(new TermQuery(new Term(LuceneStore.LEXICAL_MARK, analyzerName))));
    }
}

package io.stagegate.index;

import io.stagegate.Document;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/** Reads of stored state that the store and its field views share: documents with their vectors, vectors by id. */
final class StoredReads {
    private StoredReads() {
    }

    /** Up to {@code limit} documents that do not match {@code having}, with every vector each carries. */
    static List<StoredDocument> lacking(IndexSearcher s, Query having, int limit) throws IOException {
        BooleanQuery query = new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                .add(having, BooleanClause.Occur.MUST_NOT)
                .build();
        TopDocs top = s.search(query, limit);
        List<StoredDocument> out = new ArrayList<>(top.scoreDocs.length);
        StoredFields fields = s.storedFields();
        for (ScoreDoc hit : top.scoreDocs) {
            out.add(new StoredDocument(LuceneStore.fromLucene(fields.document(hit.doc)), vectorsOf(s, hit.doc)));
        }
        return out;
    }

    /** Every vector a document carries, read back from the per-field vector values. */
    static Map<String, float[]> vectorsOf(IndexSearcher s, int globalDoc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(globalDoc, leaves));
        LeafReader reader = leaf.reader();
        int doc = globalDoc - leaf.docBase;
        Map<String, float[]> vectors = new HashMap<>();
        for (FieldInfo info : reader.getFieldInfos()) {
            if (!info.name.startsWith(LuceneStore.VECTOR_PREFIX) || info.getVectorDimension() == 0) {
                continue;
            }
            FloatVectorValues values = reader.getFloatVectorValues(info.name);
            if (values == null) {
                continue;
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            if (it.advance(doc) == doc) {
                vectors.put(info.name.substring(LuceneStore.VECTOR_PREFIX.length()), values.vectorValue(it.index()).clone());
            }
        }
        return vectors;
    }

    /**
     * The vectors of one field for documents given by id, in that order, {@code null} where a document or its vector
     * is missing. Ids resolve through the terms dictionary of each segment (deleted copies skipped); vectors are read
     * segment by segment in doc id order, as the forward-only vector iterators require.
     */
    static List<float[]> vectorsById(IndexSearcher s, String field, List<String> ids) throws IOException {
        float[][] out = new float[ids.size()][];
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        int[] leafOf = new int[ids.size()];
        int[] docOf = new int[ids.size()];
        java.util.Arrays.fill(leafOf, -1);
        for (int l = 0; l < leaves.size(); l++) {
            LeafReader reader = leaves.get(l).reader();
            Terms terms = reader.terms(LuceneStore.ID);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            Bits live = reader.getLiveDocs();
            PostingsEnum postings = null;
            for (int i = 0; i < ids.size(); i++) {
                if (leafOf[i] >= 0 || !te.seekExact(new BytesRef(ids.get(i)))) {
                    continue;
                }
                postings = te.postings(postings, PostingsEnum.NONE);
                for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                    if (live == null || live.get(d)) {
                        leafOf[i] = l;
                        docOf[i] = d;
                        break;
                    }
                }
            }
        }
        for (int l = 0; l < leaves.size(); l++) {
            List<Integer> here = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (leafOf[i] == l) {
                    here.add(i);
                }
            }
            if (here.isEmpty()) {
                continue;
            }
            FloatVectorValues values = leaves.get(l).reader().getFloatVectorValues(field);
            if (values == null) {
                continue;
            }
            here.sort((a, b) -> Integer.compare(docOf[a], docOf[b]));
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int i : here) {
                int doc = docOf[i];
                int at = it.docID() >= doc ? it.docID() : it.advance(doc);
                if (at == doc) {
                    out[i] = values.vectorValue(it.index()).clone();
                }
            }
        }
        return java.util.Arrays.asList(out);
    }

    static Document document(StoredFields fields, int doc) throws IOException {
        return LuceneStore.fromLucene(fields.document(doc));
    }
    /** Every live document with all its vectors, from this one snapshot, in batches of up to {@code batchSize}. */
    static int export(IndexSearcher s, int batchSize, java.util.function.Consumer<List<StoredDocument>> sink)
            throws IOException {
        List<StoredDocument> batch = new ArrayList<>(batchSize);
        StoredFields fields = s.storedFields();
        int n = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                if (live != null && !live.get(d)) {
                    continue;
                }
                int global = leaf.docBase + d;
                batch.add(new StoredDocument(LuceneStore.fromLucene(fields.document(global)), vectorsOf(s, global)));
                n++;
                if (batch.size() == batchSize) {
                    sink.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
        }
        return n;
    }

    /** The ids of up to {@code limit} documents that match {@code q}, in index order. */
    static List<String> ids(IndexSearcher s, Query q, int limit) throws IOException {
        TopDocs top = s.search(q, Math.max(1, limit));
        StoredFields fields = s.storedFields();
        List<String> out = new ArrayList<>(top.scoreDocs.length);
        for (var hit : top.scoreDocs) {
            out.add(fields.document(hit.doc, Set.of(LuceneStore.ID)).get(LuceneStore.ID));
        }
        return out;
    }

    static java.util.Optional<Document> byId(IndexSearcher s, String id) throws IOException {
        TopDocs top = s.search(new TermQuery(new Term(LuceneStore.ID, id)), 1);
        return top.scoreDocs.length == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(LuceneStore.fromLucene(s.storedFields().document(top.scoreDocs[0].doc)));
    }

    /**
     * The documents read earlier with one more embedder's vector merged into the vectors they carry now; a document
     * changed or removed since it was read is left out.
     */
    static List<StoredDocument> withVector(IndexSearcher s, String embedderId, List<StoredDocument> read,
                                           List<float[]> vectors) throws IOException {
        List<StoredDocument> out = new ArrayList<>();
        StoredFields fields = s.storedFields();
        for (int i = 0; i < read.size(); i++) {
            Document expected = read.get(i).document();
            TopDocs top = s.search(new TermQuery(new Term(LuceneStore.ID, expected.id())), 1);
            if (top.scoreDocs.length == 0) {
                continue;
            }
            int doc = top.scoreDocs[0].doc;
            if (!LuceneStore.fromLucene(fields.document(doc)).equals(expected)) {
                continue;
            }
            Map<String, float[]> merged = new java.util.HashMap<>(vectorsOf(s, doc));
            merged.put(embedderId, vectors.get(i));
            out.add(new StoredDocument(expected, merged));
        }
        return out;
    }
}

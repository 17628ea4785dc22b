package io.stagegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import io.stagegate.Document;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexicalIndexTest {
    static StoredDocument doc(String id, String title, String text, float... vector) {
        return new StoredDocument(new Document(id, title, text, Map.of()), vector.length == 0 ? Map.of()
                : Map.of("e", LuceneStoreTest.unit(vector)));
    }

    static final List<StoredDocument> CORPUS = List.of(
            doc("1", "Honey bees", "Bees make honey from nectar; honey bees live in hives.", 1, 0, 0),
            doc("2", "Wasps", "Wasps are predators and do not make honey.", 0, 1, 0),
            doc("3", "Beekeeping", "A beekeeper harvests honey from the hive in late summer, after the bees have "
                    + "capped the cells, and leaves enough for the colony to survive the winter.", 0, 0, 1),
            doc("4", "Volcanoes", "Magma rises through the crust and erupts.", 1, 1, 0));

    @Test
    void bm25ScoresAreLuceneExplanationsAndIdfIsTheBm25Formula(@TempDir Path dir) throws Exception {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.of("en"))) {
            store.upsert(CORPUS);
            LuceneLexicalIndex bm25 = (LuceneLexicalIndex) store.lexicalIndex("en");
            List<Candidate> hits = bm25.search("honey bees", 10);
            assertEquals(List.of("1", "3", "2"), hits.stream().map(c -> c.document().id()).toList());
            assertEquals(List.of(1, 2, 3), hits.stream().map(Candidate::annRank).toList());
            try (var reader = DirectoryReader.open(FSDirectory.open(dir))) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(new BM25Similarity(0.9f, 0.4f));
                var query = bm25.query("honey bees");
                for (Candidate hit : hits) {
                    int doc = searcher.search(new org.apache.lucene.search.TermQuery(
                            new org.apache.lucene.index.Term(LuceneStore.ID, hit.document().id())), 1).scoreDocs[0].doc;
                    Explanation e = searcher.explain(query, doc);
                    assertEquals(e.getValue().doubleValue(), hit.annScore(), 1e-6, e.toString());
                }
                // "honey" (stemmed "honei") occurs in documents 1, 2 and 3 of N = 4: idf = ln(1 + (N - n + 0.5) / (n + 0.5)).
                int doc1 = searcher.search(new org.apache.lucene.search.TermQuery(
                        new org.apache.lucene.index.Term(LuceneStore.ID, "1")), 1).scoreDocs[0].doc;
                String text = searcher.explain(query, doc1).toString();
                double idf = Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5));
                assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%s = idf", (float) idf)), text);
            }
            // Rescoring reads BM25 for given documents only; the wasp text matches "honey" but not "bees" after stemming.
            Map<String, Double> scores = bm25.scores("honey bees", List.of("2", "4", "1"));
            assertEquals(Set.of("1", "2"), scores.keySet());
            assertEquals(hits.get(0).annScore(), scores.get("1"), 1e-9);
            assertEquals(List.of(), bm25.search("the and of", 10), "stop words only: no terms, no hits");
            assertEquals(4, bm25.size());
        }
    }

    @Test
    void chineseAnalyzersSplitStatuteTextIntoSearchableTerms(@TempDir Path dir) {
        List<StoredDocument> docs = List.of(
                doc("a", "中华人民共和国民法典第一千零七十九条", "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。"),
                doc("b", "中华人民共和国劳动合同法第四十七条", "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。"));
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(),
                LexicalSettings.of("cjk", "smartcn"))) {
            store.upsert(docs);
            for (String analyzer : List.of("cjk", "smartcn")) {
                List<Candidate> hits = store.lexicalIndex(analyzer).search("我想离婚，法院怎么处理", 10);
                assertEquals("a", hits.get(0).document().id(), analyzer);
                hits = store.lexicalIndex(analyzer).search("被辞退有经济补偿吗", 10);
                assertEquals("b", hits.get(0).document().id(), analyzer);
            }
            assertThrows(IllegalArgumentException.class, () -> store.lexicalIndex("en"));
        }
    }

    @Test
    void aStoreWithoutBm25FieldsGetsThemByBackfillKeepingItsVectors(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(CORPUS);
            assertEquals(List.of(), store.missingLexical(10));
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.of("en"))) {
            assertEquals(0, store.lexicalIndex("en").size());
            List<StoredDocument> missing = store.missingLexical(10);
            assertEquals(4, missing.size());
            assertEquals(3, missing.get(0).vectors().get("e").length);
            assertEquals(4, Ingestor.backfillLexical(store, 3));
            assertEquals(List.of(), store.missingLexical(10));
            assertEquals(4, store.lexicalIndex("en").size());
            assertEquals(4, store.vectorIndex("e").size());
            assertEquals("1", store.lexicalIndex("en").search("hive honey", 1).get(0).document().id());
        }
    }

    @Test
    void storedVectorsAreReadBackByIdInTheAskedOrder(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(CORPUS.subList(0, 2));
            store.upsert(CORPUS.subList(2, 4));
            store.upsert(List.of(doc("2", "Wasps", "Replaced text.", 0, 0, 1)));
            List<float[]> v = store.vectorIndex("e").vectors(List.of("4", "missing", "2", "1"));
            assertEquals(4, v.size());
            assertEquals(LuceneStoreTest.unit(1, 1, 0)[0], v.get(0)[0], 1e-7);
            assertNull(v.get(1));
            assertEquals(1.0, v.get(2)[2], 1e-6, "the replaced document's current vector, not the deleted copy's");
            assertEquals(1.0, v.get(3)[0], 1e-6);
            assertTrue(store.vectorIndex("other").vectors(List.of("1")).get(0) == null);
        }
    }
}

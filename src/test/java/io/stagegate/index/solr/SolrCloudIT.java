package io.stagegate.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import io.stagegate.Document;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.index.Hits;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import io.stagegate.testing.SolrCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * The SolrCloud backend against a real 2-node cluster (scripts/solr-cluster.sh: ZooKeeper and each node in its own
 * JVM). The same documents go into a 2-shard x 2-replica collection and into an embedded Lucene index; dense and BM25
 * searches give the same documents and scores on both. A node killed with -9 while clients search fails no search;
 * restarted, it recovers and every replica holds every document of its shard again. A 1-replica collection shows the
 * failure modes: UNAVAILABLE naming the dead shard, or partial results with shards.tolerant. A second store over the
 * same collection (another gateway replica) serves what the first ingested, and vice versa. Skips when the Solr jars
 * cannot be resolved. About a minute and a half.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolrCloudIT {
    private static final int DIMS = 384;
    private static final int DOCS = 600;
    private static final Path WORK = Path.of("target/solr-it").toAbsolutePath();
    private static final List<String> WORDS = List.of("protein", "cell", "cells", "gene", "expression", "tumour",
            "immune", "response", "virus", "infection", "brain", "neurons", "signalling", "pathway", "receptor", "mice",
            "patients", "therapy", "risk", "cancer", "metabolism", "insulin", "obesity", "bacteria", "resistance",
            "vaccine", "antibody", "mutation", "dna", "repair", "stem", "differentiation", "growth", "factor", "blood",
            "pressure", "heart", "disease", "sleep", "memory", "learning", "climate", "ocean", "temperature", "rises");
    private static SolrCluster cluster;
    private static LuceneStore lucene;
    private static SolrStore solr;
    private static List<StoredDocument> corpus;
    private static List<float[]> queries;

    @BeforeAll
    static void cluster() throws Exception {
        cluster = new SolrCluster(WORK.resolve("cluster"));
        Assumptions.assumeTrue(cluster.resolve(), "Solr 9.10.1 jars cannot be resolved from Maven (offline?); see "
                + cluster.log("resolve"));
        cluster.startFresh(2);
        corpus = corpus(new Random(42));
        queries = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 40; i++) {
            queries.add(noisy(corpus.get(r.nextInt(DOCS)).vectors().get("emb"), r, 0.3f));
        }
        Path dir = WORK.resolve("lucene-" + System.nanoTime());
        Files.createDirectories(dir);
        LexicalSettings lexical = LexicalSettings.of("en");
        lucene = new LuceneStore(dir, HnswSettings.defaults(), lexical);
        solr = new SolrStore(settings("sg_it", 2, false), Duration.ofSeconds(90));
        for (int i = 0; i < DOCS; i += 100) {
            lucene.upsert(corpus.subList(i, i + 100));
            solr.upsert(corpus.subList(i, i + 100));
        }
    }

    private static SolrSettings settings(String collection, int replicationFactor, boolean tolerant) {
        return new SolrSettings(cluster.urls(2), Optional.empty(), collection, 2, replicationFactor, 2.0, tolerant,
                Duration.ofSeconds(20), HnswSettings.defaults(), LexicalSettings.of("en"));
    }

    @AfterAll
    static void stop() {
        if (solr != null) {
            solr.close();
        }
        if (lucene != null) {
            lucene.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(4)
    void filtersSelectTheSameDocumentsOnBothBackendsAsABruteForceEvaluation() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        Map<String, Map<String, Object>> meta = new java.util.HashMap<>();
        List<StoredDocument> docs = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> m = io.stagegate.index.FilteredSearchTest.metadata(r);
            meta.put("m-" + i, m);
            float[] v = corpus.get(i).vectors().get("emb");
            docs.add(new StoredDocument(new Document("m-" + i, "", "filtered document about proteins " + i, m),
                    Map.of("emb", v)));
        }
        lucene.upsert(docs);
        solr.upsert(docs);
        var bad = assertThrows(io.stagegate.StagegateException.class, () -> solr.upsert(List.of(new StoredDocument(
                new Document("m-bad", "", "x", Map.of("year", "MCM")), Map.of("emb", docs.get(0).vectors().get("emb"))))));
        assertTrue(bad.getMessage().contains("'year' of document 'm-bad' is keyword, but the index holds it as long"),
                bad.getMessage());
        int proper = 0;
        for (int q = 0; q < 60; q++) {
            io.stagegate.Filter f = io.stagegate.index.FilteredSearchTest.randomFilter(r, 0);
            Set<String> expected = new java.util.TreeSet<>();
            meta.forEach((id, m) -> {
                if (io.stagegate.index.FilteredSearchTest.matches(f, m)) {
                    expected.add(id);
                }
            });
            // Only the m- documents carry metadata; a negation also matches every corpus document.
            float[] query = queries.get(q % queries.size());
            Set<String> s = new java.util.TreeSet<>(ids(solr.vectorIndex("emb").searchHits(query, 2000, f).candidates()));
            Set<String> l = new java.util.TreeSet<>(ids(lucene.vectorIndex("emb").searchHits(query, 2000, f).candidates()));
            s.removeIf(id -> !id.startsWith("m-"));
            l.removeIf(id -> !id.startsWith("m-"));
            assertEquals(expected, l, "lucene " + f.toJson());
            assertEquals(expected, s, "solr " + f.toJson());
            Set<String> bm25 = new java.util.TreeSet<>(ids(solr.lexicalIndex("en").searchHits("filtered document", 2000, f)
                    .candidates()));
            bm25.removeIf(id -> !id.startsWith("m-"));
            assertEquals(expected, bm25, "solr bm25 " + f.toJson());
            proper += expected.isEmpty() || expected.size() == 300 ? 0 : 1;
        }
        assertTrue(proper > 30, "proper subsets: " + proper);
        assertEquals(new java.util.TreeSet<>(solr.matching(new io.stagegate.Filter.Term("tenant", "acme"), 1000)),
                new java.util.TreeSet<>(lucene.matching(new io.stagegate.Filter.Term("tenant", "acme"), 1000)));
    }

    @Test
    @Order(3)
    void aDeleteLeavesBothBackendsAtOnceAndTheyStillAgree() {
        float[] q = queries.get(0);
        String top = lucene.vectorIndex("emb").search(q, 1).get(0).document().id();
        int before = solr.size();
        assertTrue(lucene.delete(top));
        assertTrue(solr.delete(top));
        assertFalse(solr.delete(top), "already gone");
        assertTrue(solr.get(top).isEmpty());
        assertEquals(before - 1, solr.size());
        List<Candidate> l = lucene.vectorIndex("emb").search(q, 10);
        List<Candidate> s = solr.vectorIndex("emb").search(q, 10);
        assertTrue(s.stream().noneMatch(c -> c.document().id().equals(top)), "dense");
        // The node test added copies named more-<id> with the same vectors to the Solr collection only.
        assertEquals(l.get(0).document().id(), s.stream().map(c -> c.document().id()).filter(id -> !id.startsWith("more-"))
                .findFirst().orElseThrow());
        String text = corpus.stream().filter(d -> d.document().id().equals(top)).findFirst().orElseThrow().document().text();
        assertTrue(solr.lexicalIndex("en").search(text, 20).stream().noneMatch(c -> c.document().id().equals(top)), "BM25");
        assertEquals(Map.of(), solr.lexicalIndex("en").scores(text, List.of(top)));
    }

    @Test
    @Order(1)
    void bothBackendsReturnTheSameDocumentsAndScores() {
        assertEquals(DOCS, solr.size());
        assertEquals(DOCS, solr.vectorIndex("emb").size(), "readiness: the embedder's field covers the corpus");
        assertEquals(DOCS, solr.lexicalIndex("en").size());
        assertEquals(List.of(), solr.missingVectors("emb", 10));
        assertEquals(0, solr.vectorIndex("other").size());
        assertEquals(corpus.get(3).document(), solr.get(corpus.get(3).document().id()).orElseThrow());
        double overlap = 0;
        for (float[] q : queries) {
            List<Candidate> l = lucene.vectorIndex("emb").search(q, 10);
            List<Candidate> s = solr.vectorIndex("emb").search(q, 10);
            assertEquals(10, s.size());
            assertEquals(l.get(0).document().id(), s.get(0).document().id());
            assertEquals(l.get(0).annScore(), s.get(0).annScore(), 1e-5, "dot products on the same scale");
            Map<String, Double> ls = scores(l);
            Set<String> common = new HashSet<>(ls.keySet());
            common.retainAll(scores(s).keySet());
            overlap += common.size() / 10.0;
            common.forEach(id -> assertEquals(ls.get(id), scores(s).get(id), 1e-5, id));
        }
        assertTrue(overlap / queries.size() >= 0.95, "dense overlap@10 " + overlap / queries.size());
        float[] stored = solr.vectorIndex("emb").vectors(List.of(corpus.get(5).document().id(), "absent")).get(0);
        assertEquals(dot(corpus.get(5).vectors().get("emb"), stored), 1.0, 1e-5);
        for (String text : List.of("protein expression in tumour cells", "the immune response to the virus",
                "sleep and memory", "heart disease risk patients patients")) {
            List<Candidate> l = lucene.lexicalIndex("en").search(text, 10);
            List<Candidate> s = solr.lexicalIndex("en").search(text, 10);
            assertEquals(l.size(), s.size(), text);
            for (int i = 0; i < l.size(); i++) {
                assertEquals(l.get(i).annScore(), s.get(i).annScore(), 1e-4, text + " BM25 score at rank " + (i + 1));
            }
            List<String> ids = l.stream().map(c -> c.document().id()).toList();
            Map<String, Double> ref = lucene.lexicalIndex("en").scores(text, ids);
            Map<String, Double> got = solr.lexicalIndex("en").scores(text, ids);
            assertEquals(ref.keySet(), got.keySet());
            ref.forEach((id, v) -> assertEquals(v, got.get(id), 1e-4, id));
        }
        assertEquals(List.of(), solr.lexicalIndex("en").search("the and of", 10), "only stop words: no terms");
    }

    @Test
    @Order(2)
    void aNodeKilledUnderLoadFailsNoSearchAndRecoversWhole() throws Exception {
        try (SolrStore fragile = new SolrStore(settings("sg_it_rf1", 1, false), Duration.ofSeconds(90));
             SolrStore tolerant = new SolrStore(settings("sg_it_rf1", 1, true), Duration.ofSeconds(90))) {
            fragile.upsert(corpus.subList(0, 200));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int seed = c;
                clients.add(Thread.ofPlatform().name("solr-it-client-" + c).start(() -> {
                    Random r = new Random(seed);
                    while (running.get()) {
                        try {
                            List<Candidate> hits = r.nextBoolean()
                                    ? solr.vectorIndex("emb").search(queries.get(r.nextInt(queries.size())), 10)
                                    : solr.lexicalIndex("en").search(WORDS.get(r.nextInt(WORDS.size())), 10);
                            if (hits.isEmpty()) {
                                failures.add("empty result");
                            }
                            served.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            Thread.sleep(1500);
            int before = served.get();
            cluster.killNode(2);
            Thread.sleep(4000);
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), List.copyOf(failures), "no search may fail while a node dies (replication factor 2)");
            assertTrue(served.get() > before + 20, "searches continued after the kill: " + before + " -> " + served.get());

            // Once ZooKeeper has expired the dead node, a 1-replica collection has a shard with no live replica.
            eventually(Duration.ofSeconds(30), () -> !fragile.solr().downShards().orElse(List.of()).isEmpty());
            String down = fragile.solr().downShards().orElseThrow().get(0);
            StagegateException e = assertThrows(StagegateException.class,
                    () -> fragile.vectorIndex("emb").search(queries.get(0), 10));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("no live replica for shard " + down), e.getMessage());
            Hits partial = tolerant.vectorIndex("emb").searchHits(queries.get(0), 10);
            assertFalse(partial.candidates().isEmpty(), "the live shard answers");
            assertTrue(partial.partial(), "the answer is marked partial");
            assertTrue(tolerant.lexicalIndex("en").searchHits("protein cells", 10).partial());
            assertTrue(tolerant.partialResponses() >= 2, "and counted");
            assertFalse(solr.vectorIndex("emb").searchHits(queries.get(0), 10).partial(), "rf 2: complete");
            assertEquals(DOCS, solr.size(), "replication factor 2: every shard is still served");

            cluster.restartNode(2);
            eventually(Duration.ofSeconds(60), () -> allReplicasActive("sg_it") && allReplicasActive("sg_it_rf1"));
            List<StoredDocument> more = corpus(new Random(43)).subList(0, 50).stream()
                    .map(d -> new StoredDocument(new Document("more-" + d.document().id(), d.document().title(),
                            d.document().text(), Map.of()), d.vectors())).toList();
            // A second gateway replica over the same collection: what it ingests, the first one serves, and both answer alike.
            try (SolrStore peer = new SolrStore(settings("sg_it", 2, false), Duration.ofSeconds(30))) {
                peer.upsert(more);
                assertEquals(more.get(0).document(), solr.get(more.get(0).document().id()).orElseThrow());
                for (float[] q : queries.subList(0, 5)) {
                    assertEquals(ids(peer.vectorIndex("emb").search(q, 10)), ids(solr.vectorIndex("emb").search(q, 10)));
                }
            }
            assertEquals(DOCS + 50, solr.size());
            assertEquals(200, fragile.size());
            eventually(Duration.ofSeconds(60), () -> replicasAgree("sg_it", DOCS + 50));
        }
    }

    /** Every replica of every shard is active on a live node. */
    private static boolean allReplicasActive(String collection) {
        try {
            Object cluster = status(collection).get("cluster");
            NamedList<?> c = (NamedList<?>) cluster;
            List<?> live = (List<?>) c.get("live_nodes");
            Map<String, ?> shards = map(map(map(c.get("collections")).get(collection)).get("shards"));
            for (Object shard : shards.values()) {
                for (Object replica : map(map(shard).get("replicas")).values()) {
                    Map<String, ?> r = map(replica);
                    if (!"active".equals(r.get("state")) || !live.contains(r.get("node_name"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Each replica, asked alone (distrib=false), holds as many documents as its shard's other replicas, and the shards add up. */
    private static boolean replicasAgree(String collection, int total) {
        try {
            NamedList<?> c = (NamedList<?>) status(collection).get("cluster");
            Map<String, ?> shards = map(map(map(c.get("collections")).get(collection)).get("shards"));
            long sum = 0;
            for (Object shard : shards.values()) {
                Set<Long> counts = new HashSet<>();
                for (Object replica : map(map(shard).get("replicas")).values()) {
                    Map<String, ?> r = map(replica);
                    try (Http2SolrClient core = new Http2SolrClient.Builder(r.get("base_url") + "/" + r.get("core")).build()) {
                        ModifiableSolrParams p = new ModifiableSolrParams();
                        p.set("q", "*:*");
                        p.set("rows", 0);
                        p.set("distrib", false);
                        counts.add(new QueryRequest(p).process(core).getResults().getNumFound());
                    }
                }
                if (counts.size() != 1) {
                    return false;
                }
                sum += counts.iterator().next();
            }
            return sum == total;
        } catch (Exception e) {
            return false;
        }
    }

    private static NamedList<Object> status(String collection) throws Exception {
        return CollectionAdminRequest.getClusterStatus().setCollectionName(collection).process(solr.solr().client())
                .getResponse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object o) {
        if (o instanceof NamedList<?> nl) {
            Map<String, Object> m = new HashMap<>();
            nl.forEach((k, v) -> m.put(k, v));
            return m;
        }
        return (Map<String, ?>) o;
    }

    private static void eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(250);
        }
    }

    private static List<String> ids(List<Candidate> hits) {
        return hits.stream().map(c -> c.document().id()).toList();
    }

    private static Map<String, Double> scores(List<Candidate> hits) {
        Map<String, Double> m = new HashMap<>();
        hits.forEach(c -> m.put(c.document().id(), c.annScore()));
        return m;
    }

    /** Documents in 20 topics: a vector near its topic's centre, and words drawn mostly from its topic's share of the vocabulary. */
    private static List<StoredDocument> corpus(Random r) {
        List<float[]> centres = new ArrayList<>();
        Random c = new Random(1);
        for (int i = 0; i < 20; i++) {
            centres.add(noisy(new float[DIMS], c, 1f));
        }
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            int topic = r.nextInt(20);
            StringBuilder text = new StringBuilder();
            int n = 20 + r.nextInt(60);
            for (int w = 0; w < n; w++) {
                int word = r.nextInt(4) == 0 ? r.nextInt(WORDS.size()) : (topic * 2 + r.nextInt(5)) % WORDS.size();
                text.append(w == 0 ? "" : " ").append(WORDS.get(word));
            }
            docs.add(new StoredDocument(new Document("d" + i, "Title " + WORDS.get(topic * 2 % WORDS.size()),
                    text.toString(), i % 7 == 0 ? Map.of("source", "it", "n", i) : Map.of()),
                    Map.of("emb", noisy(centres.get(topic), r, 0.8f))));
        }
        return docs;
    }

    /** base + gaussian noise of the given scale, unit length. */
    private static float[] noisy(float[] base, Random r, float scale) {
        float[] v = new float[DIMS];
        double norm = 0;
        for (int i = 0; i < DIMS; i++) {
            v[i] = base[i] + (float) (r.nextGaussian() * scale / Math.sqrt(DIMS));
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

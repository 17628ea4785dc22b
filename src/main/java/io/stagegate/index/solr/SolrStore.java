package io.stagegate.index.solr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.StoredDocument;
import io.stagegate.index.VectorIndex;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * The corpus in a SolrCloud collection (stagegate.index.backend = solrcloud): one Solr document per document, with its
 * stored fields, one HNSW field per embedder and one BM25 field per configured analyzer, always written together, so a
 * document and all its vectors change in one atomic update. Unlike {@link io.stagegate.index.LuceneStore}, a batch is
 * atomic per document, not as a whole (SolrCloud has no rollback): a batch that fails half-way may leave its first
 * documents written, and writing it again is harmless. Vector dimensions are checked before anything is sent, so the
 * usual rejection fails the whole batch. Every write is soft-committed before it returns (visible, and durable through
 * Solr's transaction log).
 */
public final class SolrStore implements DocumentStore {
    static final String ID = "id";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String METADATA = "metadata";
    /** Which embedders' vectors, and which analyzers' BM25 fields, a document carries: what sizes and backfills count. */
    static final String EMBEDDERS = "embedders";
    static final String LEXED = "lexed";
    static final String DOCUMENT_FIELDS = "id,title,text,metadata";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final SolrSettings settings;
    private final SolrCollection solr;
    private final SolrSchema schema;
    private final SolrMetadata metadata;

    /** Connects, creates the collection when missing (waiting up to {@code createWait}) and adds missing BM25 fields. */
    public SolrStore(SolrSettings settings, Duration createWait) {
        this.settings = settings;
        this.solr = new SolrCollection(settings);
        try {
            solr.ensureExists(createWait);
            this.schema = new SolrSchema(solr);
            this.metadata = new SolrMetadata(schema);
            settings.lexical().analyzers().forEach(a -> schema.ensureLexical(a, settings.lexical()));
        } catch (RuntimeException e) {
            solr.close();
            throw e;
        }
    }

    SolrCollection solr() {
        return solr;
    }

    SolrSchema schema() {
        return schema;
    }

    SolrSettings settings() {
        return settings;
    }

    /** Searches answered by only some shards since start (stagegate.index.solr.shards-tolerant). */
    public long partialResponses() {
        return solr.partialResponses();
    }

    @Override
    public void upsert(List<StoredDocument> documents) {
        if (documents.isEmpty()) {
            return;
        }
        metadata.prepare(documents.stream().map(StoredDocument::document).toList());
        for (StoredDocument d : documents) {
            d.vectors().forEach((embedder, v) -> schema.ensureVector(embedder, v.length, settings.hnsw()));
        }
        UpdateRequest request = new UpdateRequest();
        for (StoredDocument d : documents) {
            request.add(toSolr(d));
        }
        write(request, "index write failed");
    }

    @Override
    public void check(List<Document> documents) {
        metadata.check(documents);
    }

    String filterQuery(io.stagegate.Filter filter) {
        return metadata.filterQuery(filter);
    }

    @Override
    public List<String> matching(io.stagegate.Filter filter, int limit) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", "*:*");
        p.set("fq", filterQuery(filter));
        p.set("rows", Math.max(1, limit));
        p.set("fl", ID);
        return solr.query(p).getResults().stream().map(d -> String.valueOf(d.getFirstValue(ID))).toList();
    }

    @Override
    public int delete(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        int present = (int) ids.stream().distinct().filter(id -> get(id).isPresent()).count();
        UpdateRequest request = new UpdateRequest();
        request.deleteById(ids);
        write(request, "delete failed");
        return present;
    }

    /** deleteById with a hard commit that opens a searcher, so no search returns it once this returns. */
    @Override
    public boolean delete(String id) {
        boolean present = get(id).isPresent();
        UpdateRequest request = new UpdateRequest();
        request.deleteById(id);
        write(request, "delete failed");
        return present;
    }

    private void write(UpdateRequest request, String what) {
        request.setAction(AbstractUpdateRequest.ACTION.COMMIT, false, true, true);
        try {
            request.process(solr.client(), solr.name());
        } catch (SolrServerException | IOException | SolrException e) {
            throw solr.failure(what, e);
        }
    }

    @Override
    public int addVectors(String embedderId, List<StoredDocument> read, List<float[]> vectors) {
        if (read.size() != vectors.size()) {
            throw new IllegalArgumentException("one vector per document: " + vectors.size() + " for " + read.size());
        }
        if (read.isEmpty()) {
            return 0;
        }
        schema.ensureVector(embedderId, vectors.get(0).length, settings.hnsw());
        Map<String, SolrDocument> current = new HashMap<>();
        for (SolrDocument d : solr.getById(read.stream().map(s -> s.document().id()).toList(), fields("*,_version_"))) {
            current.put(String.valueOf(d.getFirstValue(ID)), d);
        }
        int written = 0;
        for (int i = 0; i < read.size(); i++) {
            Document expected = read.get(i).document();
            SolrDocument now = current.get(expected.id());
            if (now == null || !fromSolr(now).equals(expected)) {
                continue; // removed or changed since it was read: its own ingest embedded it
            }
            Map<String, float[]> merged = new HashMap<>(vectorsOf(now));
            merged.put(embedderId, vectors.get(i));
            SolrInputDocument doc = toSolr(new StoredDocument(expected, merged));
            // Optimistic concurrency: the write fails with 409 if the document changed after the read above.
            doc.setField("_version_", now.getFirstValue("_version_"));
            try {
                new UpdateRequest().add(doc).process(solr.client(), solr.name());
                written++;
            } catch (SolrException e) {
                if (e.code() != 409) {
                    throw solr.failure("index write failed", e);
                }
            } catch (SolrServerException | IOException e) {
                throw solr.failure("index write failed", e);
            }
        }
        write(new UpdateRequest(), "commit failed");
        return written;
    }

    SolrInputDocument toSolr(StoredDocument stored) {
        Document d = stored.document();
        SolrInputDocument doc = new SolrInputDocument();
        doc.setField(ID, d.id());
        doc.setField(TITLE, d.title());
        doc.setField(TEXT, d.text());
        if (!d.metadata().isEmpty()) {
            try {
                doc.setField(METADATA, JSON.writeValueAsString(d.metadata()));
            } catch (JsonProcessingException e) {
                throw StagegateException.invalid("metadata of document '" + d.id() + "' cannot be stored: " + e.getMessage());
            }
        }
        metadata.addFields(d, doc);
        stored.vectors().forEach((embedder, vector) -> {
            List<Float> values = new ArrayList<>(vector.length);
            for (float f : vector) {
                values.add(f);
            }
            doc.setField(SolrSchema.vectorField(embedder), values);
            doc.addField(EMBEDDERS, embedder);
        });
        for (String analyzer : settings.lexical().analyzers()) {
            doc.setField(SolrSchema.lexicalField(analyzer), d.embeddingText());
            doc.addField(LEXED, analyzer);
        }
        return doc;
    }

    static Document fromSolr(SolrDocument doc) {
        Object metadata = doc.getFirstValue(METADATA);
        Map<String, Object> meta = Map.of();
        if (metadata != null) {
            try {
                meta = JSON.readValue(metadata.toString(), MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored metadata is not JSON for document " + doc.getFirstValue(ID), e);
            }
        }
        return new Document(String.valueOf(doc.getFirstValue(ID)), string(doc, TITLE), string(doc, TEXT), meta);
    }

    private static String string(SolrDocument doc, String field) {
        Object v = doc.getFirstValue(field);
        return v == null ? "" : v.toString();
    }

    /** The vectors a document read with fl=* carries, by embedder id. */
    static Map<String, float[]> vectorsOf(SolrDocument doc) {
        Map<String, float[]> out = new HashMap<>();
        Collection<Object> embedders = doc.getFieldValues(EMBEDDERS);
        if (embedders != null) {
            for (Object e : embedders) {
                float[] v = vector(doc.getFieldValues(SolrSchema.vectorField(e.toString())));
                if (v != null) {
                    out.put(e.toString(), v);
                }
            }
        }
        return out;
    }

    static float[] vector(Collection<Object> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        float[] v = new float[values.size()];
        int i = 0;
        for (Object o : values) {
            v[i++] = ((Number) o).floatValue();
        }
        return v;
    }

    static ModifiableSolrParams fields(String fl) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("fl", fl);
        return p;
    }

    @Override
    public int size() {
        return count(null);
    }

    /** Documents matching a filter query (all when null). */
    int count(String filter) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", "*:*");
        p.set("rows", 0);
        if (filter != null) {
            p.set("fq", filter);
        }
        return Math.toIntExact(solr.query(p).getResults().getNumFound());
    }

    @Override
    public Optional<Document> get(String id) {
        SolrDocumentList found = solr.getById(List.of(id), fields(DOCUMENT_FIELDS));
        return found.isEmpty() ? Optional.empty() : Optional.of(fromSolr(found.get(0)));
    }

    @Override
    public List<StoredDocument> missingVectors(String embedderId, int limit) {
        return lacking("-" + term(EMBEDDERS, embedderId), limit);
    }

    @Override
    public List<StoredDocument> missingLexical(int limit) {
        if (settings.lexical().analyzers().isEmpty()) {
            return List.of();
        }
        StringBuilder all = new StringBuilder("*:* -(");
        for (String a : settings.lexical().analyzers()) {
            all.append(" +").append(term(LEXED, a));
        }
        return lacking(all.append(')').toString(), limit);
    }

    /** A term query in the standard parser's syntax, for our own marker values (embedder ids, analyzer names). */
    static String term(String field, String value) {
        return field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private List<StoredDocument> lacking(String filter, int limit) {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("q", "*:*");
        p.set("fq", filter);
        p.set("rows", limit);
        p.set("fl", "*");
        List<StoredDocument> out = new ArrayList<>();
        for (SolrDocument d : solr.query(p).getResults()) {
            out.add(new StoredDocument(fromSolr(d), vectorsOf(d)));
        }
        return out;
    }

    @Override
    public VectorIndex vectorIndex(String embedderId) {
        return new SolrVectorIndex(this, embedderId);
    }

    @Override
    public List<String> lexicalAnalyzers() {
        return settings.lexical().analyzers();
    }

    @Override
    public LexicalIndex lexicalIndex(String analyzer) {
        if (!settings.lexical().analyzers().contains(analyzer)) {
            throw new IllegalArgumentException("lexical field '" + analyzer + "' is not indexed; indexed: "
                    + settings.lexical().analyzers() + " (stagegate.index.lexical)");
        }
        return new SolrLexicalIndex(this, analyzer);
    }

    @Override
    public void close() {
        solr.close();
    }
}

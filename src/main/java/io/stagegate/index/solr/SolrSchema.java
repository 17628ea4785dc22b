package io.stagegate.index.solr;

import io.stagegate.StagegateException;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.request.schema.AnalyzerDefinition;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * The collection's schema beyond the shipped stored fields: a BM25 field per configured analyzer ({@code lex_<name>},
 * Lucene's own analyzer classes, so terms match what {@link io.stagegate.index.LexicalAnalyzers} produces) and an HNSW
 * field per embedder ({@code vec_<escaped id>}), added through the Schema API the first time they are needed. Field
 * type names carry their parameters (dimensions and HNSW settings, BM25 k1 and b), so a changed setting is a new type.
 */
final class SolrSchema {
    private static final Map<String, String> ANALYZERS = Map.of(
            "en", "org.apache.lucene.analysis.en.EnglishAnalyzer",
            "standard", "org.apache.lucene.analysis.standard.StandardAnalyzer",
            "cjk", "org.apache.lucene.analysis.cjk.CJKAnalyzer",
            "smartcn", "org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer");
    private static final Pattern VECTOR_TYPE = Pattern.compile("knn_(\\d+)_.*");

    private final SolrCollection solr;
    /** Field name to field type name, as last read or written. */
    private final Map<String, String> fields = new ConcurrentHashMap<>();

    SolrSchema(SolrCollection solr) {
        this.solr = solr;
        refresh();
    }

    /** An injective, Solr-safe field name for an embedder id: letters and digits kept, anything else escaped. */
    static String vectorField(String embedderId) {
        StringBuilder b = new StringBuilder("vec_");
        for (char c : embedderId.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else {
                b.append('_').append(String.format(Locale.ROOT, "%04x", (int) c));
            }
        }
        return b.toString();
    }

    static String lexicalField(String analyzer) {
        return "lex_" + analyzer;
    }

    boolean has(String field) {
        if (fields.containsKey(field)) {
            return true;
        }
        refresh(); // another gateway replica may have added it
        return fields.containsKey(field);
    }

    /** The dimensions of an embedder's vector field, or 0 when the collection has none yet. */
    int dimensions(String embedderId) {
        String type = fields.get(vectorField(embedderId));
        if (type == null) {
            return 0;
        }
        Matcher m = VECTOR_TYPE.matcher(type);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    synchronized void ensureVector(String embedderId, int dims, HnswSettings hnsw) {
        String field = vectorField(embedderId);
        if (has(field)) {
            int have = dimensions(embedderId);
            if (have != dims) {
                throw StagegateException.invalid("vectors of embedder '" + embedderId + "' have " + dims
                        + " dimensions; the collection's field " + field + " has " + have);
            }
            return;
        }
        String type = "knn_" + dims + "_m" + hnsw.m() + "_b" + hnsw.beamWidth();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("name", type);
        attrs.put("class", "solr.DenseVectorField");
        attrs.put("vectorDimension", dims);
        attrs.put("similarityFunction", "dot_product");
        attrs.put("knnAlgorithm", "hnsw");
        attrs.put("hnswMaxConnections", hnsw.m());
        attrs.put("hnswBeamWidth", hnsw.beamWidth());
        FieldTypeDefinition def = new FieldTypeDefinition();
        def.setAttributes(attrs);
        addType(type, def);
        addField(Map.of("name", field, "type", type, "indexed", true, "stored", true), false);
    }

    synchronized void ensureLexical(String analyzer, LexicalSettings lexical) {
        String field = lexicalField(analyzer);
        String type = String.format(Locale.ROOT, "text_%s_k%s_b%s", analyzer, trim(lexical.k1()), trim(lexical.b()));
        if (type.equals(fields.get(field))) {
            return;
        }
        FieldTypeDefinition def = new FieldTypeDefinition();
        def.setAttributes(new LinkedHashMap<>(Map.of("name", type, "class", "solr.TextField")));
        AnalyzerDefinition a = new AnalyzerDefinition();
        a.setAttributes(new LinkedHashMap<>(Map.of("class", ANALYZERS.get(analyzer))));
        def.setAnalyzer(a);
        def.setSimilarity(new LinkedHashMap<>(Map.of("class", "solr.BM25SimilarityFactory",
                "k1", (float) lexical.k1(), "b", (float) lexical.b())));
        addType(type, def);
        // k1 and b act at search time only: pointing the field at a new type changes scoring, not the indexed terms.
        addField(Map.of("name", field, "type", type, "indexed", true, "stored", false), fields.containsKey(field));
    }

    private static String trim(double v) {
        return Double.toString(v).replace('.', 'p');
    }

    private void addType(String type, FieldTypeDefinition def) {
        try {
            if (new SchemaRequest.FieldTypes().process(solr.client(), solr.name()).getFieldTypes().stream()
                    .anyMatch(t -> type.equals(t.getAttributes().get("name")))) {
                return;
            }
            check(new SchemaRequest.AddFieldType(def, waitForReplicas()).process(solr.client(), solr.name()), type);
        } catch (SolrServerException | IOException | SolrException e) {
            refresh();
            throw solr.failure("cannot add field type " + type, e);
        }
    }

    private void addField(Map<String, Object> attrs, boolean replace) {
        String name = (String) attrs.get("name");
        try {
            SchemaRequest.Update request = replace ? new SchemaRequest.ReplaceField(attrs, waitForReplicas())
                    : new SchemaRequest.AddField(attrs, waitForReplicas());
            SchemaResponse.UpdateResponse response = request.process(solr.client(), solr.name());
            Object errors = response.getResponse().get("errors");
            if (errors != null && !String.valueOf(errors).contains("already exists")) {
                throw StagegateException.internal("solr collection '" + solr.name() + "': cannot add field " + name
                        + ": " + errors, null);
            }
        } catch (SolrServerException | IOException | SolrException e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw solr.failure("cannot add field " + name, e);
            }
        }
        refresh();
    }

    private void check(SchemaResponse.UpdateResponse response, String what) {
        Object errors = response.getResponse().get("errors");
        if (errors != null && !String.valueOf(errors).contains("already exists")) {
            throw StagegateException.internal("solr collection '" + solr.name() + "': cannot add " + what + ": " + errors,
                    null);
        }
    }

    /** Schema changes return once every replica has applied them, so the next update finds the field everywhere. */
    private static ModifiableSolrParams waitForReplicas() {
        ModifiableSolrParams p = new ModifiableSolrParams();
        p.set("updateTimeoutSecs", 30);
        return p;
    }

    /** Reads the schema again and registers the typed metadata fields it has ({@code mk_}, {@code ml_}, ...). */
    void metadataTypes(io.stagegate.index.MetadataFields into) {
        refresh();
        for (String name : fields.keySet()) {
            for (io.stagegate.index.MetadataFields.Type t : io.stagegate.index.MetadataFields.Type.values()) {
                String prefix = t.solrField("");
                if (name.startsWith(prefix)) {
                    into.known(name.substring(prefix.length()), t);
                }
            }
        }
    }

    /** The typed field of a metadata field seen for the first time, and the {@code mhas} marker, collection-wide. */
    synchronized void ensureMetadata(String field, io.stagegate.index.MetadataFields.Type type) {
        if (!fields.containsKey(SolrFilters.HAS)) {
            FieldTypeDefinition def = new FieldTypeDefinition();
            def.setAttributes(new LinkedHashMap<>(Map.of("name", "sg_meta_keyword", "class", "solr.StrField")));
            addType("sg_meta_keyword", def);
            addField(Map.of("name", SolrFilters.HAS, "type", "sg_meta_keyword", "indexed", true, "stored", false,
                    "multiValued", true), false);
        }
        String name = type.solrField(field);
        if (!fields.containsKey(name)) {
            // Our own field types, so the collection's configset need not ship string/plong/pdouble/boolean.
            String typeName = "sg_meta_" + type.wire();
            FieldTypeDefinition def = new FieldTypeDefinition();
            def.setAttributes(new LinkedHashMap<>(Map.of("name", typeName, "class", type.solrType)));
            addType(typeName, def);
            addField(Map.of("name", name, "type", typeName, "indexed", true, "stored", false, "multiValued", true),
                    false);
        }
    }

    private void refresh() {
        try {
            List<Map<String, Object>> all = new SchemaRequest.Fields().process(solr.client(), solr.name()).getFields();
            for (Map<String, Object> f : all) {
                fields.put(String.valueOf(f.get("name")), String.valueOf(f.get("type")));
            }
        } catch (SolrServerException | IOException | SolrException e) {
            throw solr.failure("cannot read the schema", e);
        }
    }
}

package io.stagegate.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/** How a stored document, its vectors and its BM25 fields become one Lucene document, and how it is read back. */
final class LuceneDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private LuceneDocuments() {
    }

    /** @param analyzers the BM25 fields to index the text in (one {@code lex.<analyzer>} field and one mark each) */
    static org.apache.lucene.document.Document toLucene(StoredDocument stored, Set<String> analyzers,
                                                         MetadataFields metadata) {
        Document d = stored.document();
        var doc = new org.apache.lucene.document.Document();
        doc.add(new StringField(LuceneStore.ID, d.id(), Field.Store.YES));
        doc.add(new StoredField(LuceneStore.TITLE, d.title()));
        doc.add(new StoredField(LuceneStore.TEXT, d.text()));
        if (!d.metadata().isEmpty()) {
            try {
                doc.add(new StoredField(LuceneStore.METADATA, JSON.writeValueAsString(d.metadata())));
            } catch (JsonProcessingException e) {
                throw StagegateException.invalid("metadata of document '" + d.id() + "' cannot be stored: " + e.getMessage());
            }
        }
        metadata.index(d, doc);
        stored.vectors().forEach((embedder, vector) -> doc.add(new KnnFloatVectorField(LuceneStore.vectorField(embedder),
                vector, VectorSimilarityFunction.DOT_PRODUCT)));
        for (String analyzer : analyzers) {
            doc.add(new TextField(LuceneStore.lexicalField(analyzer), d.embeddingText(), Field.Store.NO));
            doc.add(new StringField(LuceneStore.LEXICAL_MARK, analyzer, Field.Store.NO));
        }
        return doc;
    }

    static Document fromLucene(org.apache.lucene.document.Document doc) {
        String metadata = doc.get(LuceneStore.METADATA);
        Map<String, Object> meta = Map.of();
        if (metadata != null) {
            try {
                meta = JSON.readValue(metadata, MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored metadata is not JSON for document " + doc.get(LuceneStore.ID), e);
            }
        }
        return new Document(doc.get(LuceneStore.ID), doc.get(LuceneStore.TITLE), doc.get(LuceneStore.TEXT), meta);
    }
}

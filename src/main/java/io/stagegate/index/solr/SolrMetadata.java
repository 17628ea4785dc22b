package io.stagegate.index.solr;

import io.stagegate.Document;
import io.stagegate.Filter;
import io.stagegate.index.MetadataFields;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.SolrInputDocument;

/**
 * A collection's filterable metadata: types on first sight, collection-wide (the schema's typed fields are what every
 * gateway replica agrees on, so it is read again when a batch or a filter names a field not known here yet), the typed values of a document, and filters as Solr filter queries.
 */
final class SolrMetadata {
    private final SolrSchema schema;
    private final MetadataFields types = new MetadataFields();

    SolrMetadata(SolrSchema schema) {
        this.schema = schema;
    }

    /** The types a batch adds; a 400 naming the field when one conflicts with the collection's. */
    Map<String, MetadataFields.Type> check(List<Document> documents) {
        if (documents.stream().anyMatch(d -> d.metadata().keySet().stream().anyMatch(f -> types.type(f) == null))) {
            // A field this gateway has not seen may have been typed by another replica since.
            schema.metadataTypes(types);
        }
        return types.check(documents);
    }

    /** Checks a batch and adds the typed fields it brings to the schema, before the documents are sent. */
    void prepare(List<Document> documents) {
        Map<String, MetadataFields.Type> added = check(documents);
        added.forEach(schema::ensureMetadata);
        types.commit(added);
    }

    void addFields(Document d, SolrInputDocument doc) {
        Set<String> has = new HashSet<>();
        types.forEachValue(d, (name, v) -> {
            doc.addField(types.type(name).solrField(name), v);
            if (has.add(name)) {
                doc.addField(SolrFilters.HAS, name);
            }
        });
    }

    String filterQuery(Filter filter) {
        if (filter.fields().stream().anyMatch(f -> types.type(f) == null)) {
            schema.metadataTypes(types);
        }
        return new SolrFilters(types).query(filter);
    }
}

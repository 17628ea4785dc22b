package io.stagegate.config;

/** Where the corpus lives: the embedded Lucene index under the data directory, or a SolrCloud collection. */
public enum IndexBackend {
    LUCENE, SOLRCLOUD
}

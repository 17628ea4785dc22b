/**
 * The SolrCloud backend of the index seams, over SolrJ; Solr itself runs in its own JVMs. Uses {@code index}.
 */
package io.stagegate.index.solr;

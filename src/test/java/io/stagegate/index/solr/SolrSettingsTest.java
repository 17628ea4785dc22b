package io.stagegate.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** What the SolrCloud backend decides without a cluster: settings, field names, over-fetch and the shipped config set. */
class SolrSettingsTest {
    private static SolrSettings settings(List<String> urls, Optional<String> zk, double overFetch) {
        return new SolrSettings(urls, zk, "stagegate", 2, 2, overFetch, false, Duration.ofSeconds(5),
                HnswSettings.defaults(), LexicalSettings.of("en"));
    }

    @Test
    void exactlyOneWayToTheClusterAndRangesNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(List.of(), Optional.empty(), 2));
        assertEquals("solr needs exactly one of urls and zk-host, had neither", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(List.of("http://a:1/solr"), Optional.of("a:2"), 2));
        assertEquals("solr needs exactly one of urls and zk-host, had both", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(List.of("http://a:1/solr"), Optional.empty(), 0.5));
        assertEquals("solr over-fetch must be 1..100, was 0.5", e.getMessage());
    }

    @Test
    void eachShardIsAskedForKTimesTheOverFetch() {
        assertEquals(10, settings(List.of("http://a:1/solr"), Optional.empty(), 1).topK(10));
        assertEquals(25, settings(List.of("http://a:1/solr"), Optional.empty(), 2.5).topK(10));
        assertEquals(5, settings(List.of("http://a:1/solr"), Optional.empty(), 1.5).topK(3), "rounded up");
    }

    @Test
    void vectorFieldNamesAreSolrSafeAndDistinct() {
        assertEquals("vec_allminilm", SolrSchema.vectorField("allminilm"));
        assertEquals("vec_bge_002dsmall_002den_002dv1_002e5", SolrSchema.vectorField("bge-small-en-v1.5"));
        assertNotEquals(SolrSchema.vectorField("a_b"), SolrSchema.vectorField("a-b"));
        assertNotEquals(SolrSchema.vectorField("a_002d"), SolrSchema.vectorField("a-"));
        assertTrue(SolrSchema.vectorField("emb-s3@v2").matches("[A-Za-z0-9_]+"));
    }

    @Test
    void theConfigSetShipsBothFiles() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(SolrCollection.configSetZip()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                assertTrue(zip.readAllBytes().length > 500, e.getName());
            }
        }
        assertEquals(SolrCollection.CONFIG_FILES, names);
    }
}

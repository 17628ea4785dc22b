package io.stagegate.index.solr;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;

/**
 * The gateway's connection to one SolrCloud collection: creates it (uploading the shipped config set) when missing,
 * runs requests, and turns failures into {@link StagegateException}s: a shard with no live replica is named in an
 * UNAVAILABLE error, unless {@code shards.tolerant} is configured, in which case the answer of the live shards is
 * used and counted as partial.
 */
final class SolrCollection implements AutoCloseable {
    /** The config set's files, as resources under solr/configset/. */
    static final List<String> CONFIG_FILES = List.of("solrconfig.xml", "managed-schema.xml");

    private final SolrSettings settings;
    private final CloudHttp2SolrClient client;
    private final LongAdder partial = new LongAdder();

    SolrCollection(SolrSettings settings) {
        this.settings = settings;
        Http2SolrClient.Builder http = new Http2SolrClient.Builder()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withIdleTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withRequestTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        CloudHttp2SolrClient.Builder builder;
        if (settings.zkHost().isPresent()) {
            String zk = settings.zkHost().get();
            int slash = zk.indexOf('/');
            List<String> hosts = Arrays.asList((slash < 0 ? zk : zk.substring(0, slash)).split(","));
            builder = new CloudHttp2SolrClient.Builder(hosts, slash < 0 ? Optional.empty() : Optional.of(zk.substring(slash)));
        } else {
            builder = new CloudHttp2SolrClient.Builder(settings.urls());
        }
        this.client = builder.withDefaultCollection(settings.collection()).withInternalClientBuilder(http).build();
    }

    String name() {
        return settings.collection();
    }

    SolrSettings settings() {
        return settings;
    }

    CloudHttp2SolrClient client() {
        return client;
    }

    /** Searches answered by only some shards (shards.tolerant) since start. */
    long partialResponses() {
        return partial.sum();
    }

    /** Creates the collection when missing (uploading the config set when that is missing too) and waits until every shard has an active replica. */
    void ensureExists(Duration wait) {
        try {
            if (!CollectionAdminRequest.listCollections(client).contains(name())) {
                if (!new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(name())) {
                    new ConfigSetAdminRequest.Upload().setConfigSetName(name())
                            .setUploadStream(new ContentStreamBase.ByteArrayStream(configSetZip(), name() + ".zip",
                                    "application/zip"))
                            .process(client);
                }
                CollectionAdminRequest.createCollection(name(), name(), settings.shards(), settings.replicationFactor())
                        .process(client);
            }
        } catch (SolrServerException | IOException | SolrException e) {
            throw failure("cannot create collection", e);
        }
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            List<String> down = downShards().orElse(List.of("(cluster state unavailable)"));
            if (down.isEmpty()) {
                return;
            }
            if (System.nanoTime() > until) {
                throw StagegateException.unavailable("solr collection '" + name() + "': no active replica after "
                        + wait.toSeconds() + " s for " + String.join(", ", down));
            }
            sleep(250);
        }
    }

    static byte[] configSetZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String file : CONFIG_FILES) {
                try (InputStream in = SolrCollection.class.getResourceAsStream("/solr/configset/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource solr/configset/" + file);
                    }
                    zip.putNextEntry(new ZipEntry(file));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The shards with no active replica on a live node, in cluster-state order; empty when the cluster state cannot be
     * read (then the caller's own error stands).
     */
    Optional<List<String>> downShards() {
        try {
            NamedList<Object> status = CollectionAdminRequest.getClusterStatus().setCollectionName(name())
                    .process(client).getResponse();
            Object cluster = child(status, "cluster");
            Collection<?> live = (Collection<?>) child(cluster, "live_nodes");
            Object shards = child(child(child(cluster, "collections"), name()), "shards");
            List<String> down = new ArrayList<>();
            for (Map.Entry<String, Object> shard : entries(shards).entrySet()) {
                boolean up = false;
                for (Object replica : entries(child(shard.getValue(), "replicas")).values()) {
                    up |= "active".equals(String.valueOf(child(replica, "state")))
                            && live != null && live.contains(String.valueOf(child(replica, "node_name")));
                }
                if (!up) {
                    down.add(shard.getKey());
                }
            }
            return Optional.of(down);
        } catch (SolrServerException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    QueryResponse query(SolrParams params) {
        ModifiableSolrParams p = new ModifiableSolrParams(params);
        if (settings.shardsTolerant()) {
            p.set("shards.tolerant", true);
        }
        try {
            QueryResponse response = new QueryRequest(p, SolrRequest.METHOD.POST).process(client, name());
            if (partial(response)) {
                partial.increment();
            }
            return response;
        } catch (SolrServerException | IOException | SolrException e) {
            throw failure("search failed", e);
        }
    }

    /** Whether only some shards answered (Solr sets partialResults in the header with shards.tolerant). */
    static boolean partial(QueryResponse response) {
        return response.getHeader() != null && Boolean.TRUE.equals(response.getHeader().get("partialResults"));
    }

    SolrDocumentList getById(Collection<String> ids, SolrParams params) {
        try {
            return client.getById(name(), ids, params);
        } catch (SolrServerException | IOException | SolrException e) {
            throw failure("real-time get failed", e);
        }
    }

    /** A failure of a request to the collection: UNAVAILABLE naming the shards without a live replica, if any. */
    StagegateException failure(String what, Exception e) {
        List<String> down = downShards().orElse(List.of());
        String prefix = "solr collection '" + name() + "': ";
        if (!down.isEmpty()) {
            return new StagegateException(ErrorKind.UNAVAILABLE, prefix + what + ": no live replica for shard"
                    + (down.size() > 1 ? "s " : " ") + String.join(", ", down)
                    + (settings.shardsTolerant() ? "" : " (stagegate.index.solr.shards-tolerant=true serves partial results)"), e);
        }
        if (e instanceof SolrException se && se.code() == 400) {
            return new StagegateException(ErrorKind.INVALID_REQUEST, prefix + what + ": " + se.getMessage(), e);
        }
        if (e instanceof SolrServerException || e instanceof IOException
                || (e instanceof SolrException se && (se.code() == 503 || se.code() == 502 || se.code() == 504))) {
            return new StagegateException(ErrorKind.UNAVAILABLE, prefix + what + ": " + e.getMessage(), e);
        }
        return StagegateException.internal(prefix + what + ": " + e.getMessage(), e);
    }

    private static Object child(Object node, String key) {
        if (node instanceof NamedList<?> nl) {
            return nl.get(key);
        }
        if (node instanceof Map<?, ?> m) {
            return m.get(key);
        }
        return null;
    }

    private static Map<String, Object> entries(Object node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node instanceof NamedList<?> nl) {
            nl.forEach((k, v) -> out.put(k, v));
        } else if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StagegateException.unavailable("interrupted while waiting for the solr collection");
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

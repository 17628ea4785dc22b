package io.stagegate.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version each checkpoint id serves. A replacement registered at runtime (emb-s3 → emb-s3@2) takes the id's
 * place; pairs, the compat endpoints and ingest keep using the id they know and reach the version behind it.
 */
public final class CheckpointVersions {
    private final Map<String, String> versions = new ConcurrentHashMap<>();

    /** The checkpoint version an id names now: itself, unless a replacement took its place. */
    public String resolve(String checkpointId) {
        return versions.getOrDefault(checkpointId, checkpointId);
    }

    /** Makes the id name {@code version}; returns the version it named before. */
    String point(String checkpointId, String version) {
        String old = resolve(checkpointId);
        versions.put(checkpointId, version);
        return old;
    }

    /** Whether some id names this version (as a replacement). */
    boolean named(String version) {
        return versions.containsValue(version);
    }
}

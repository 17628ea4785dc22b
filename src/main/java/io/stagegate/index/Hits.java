package io.stagegate.index;

import io.stagegate.Candidate;
import java.util.List;

/**
 * A first-stage answer and whether all of the index gave it: {@code partial} when a distributed index answered
 * without some of its parts (SolrCloud shards with no live replica, with stagegate.index.solr.shards-tolerant).
 */
public record Hits(List<Candidate> candidates, boolean partial) {
    public Hits {
        candidates = List.copyOf(candidates);
    }

    public static Hits complete(List<Candidate> candidates) {
        return new Hits(candidates, false);
    }
}

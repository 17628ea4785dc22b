package io.stagegate.mining;

import io.stagegate.events.TrainingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One mined example: a query, the documents users confirmed and the documents the model ranked high that they did
 * not, with where each came from. Ranks are 1-based places in the query's final ranking (mined) or in the scorer's
 * ordering of the pool (refresh); null where a document was not ranked (an explicit negative outside the ranking).
 *
 * @param scorer the checkpoint that re-scored the pool (refresh mode), else null
 */
public record TrainingExample(String queryId, String query, Mode mode, String pair, String embedder, String reranker,
                              String scorer, List<Positive> positives, List<Negative> negatives, Provenance provenance) {

    /**
     * Where the example came from, so a trainer can split by time and trace it to its queries: the served queries it
     * was mined from (repeats of one query with the same positives merge into one example), the first one's time, and
     * the experiment and arm that served them.
     */
    public record Provenance(List<String> queryIds, String timestamp, String experiment, String arm) {
        public Provenance {
            queryIds = List.copyOf(queryIds);
            if (queryIds.isEmpty()) {
                throw new IllegalArgumentException("provenance needs at least one query id");
            }
        }

        static Provenance of(io.stagegate.events.QueryEvent e) {
            return new Provenance(List.of(e.queryId()), e.timestamp(), e.experiment(), e.arm());
        }
    }

    /** An example known only by its query id (no event at hand). */
    public TrainingExample(String queryId, String query, Mode mode, String pair, String embedder, String reranker,
                           String scorer, List<Positive> positives, List<Negative> negatives) {
        this(queryId, query, mode, pair, embedder, reranker, scorer, positives, negatives,
                new Provenance(List.of(queryId), null, null, null));
    }

    /**
     * Merges repeats: examples of the same query text, positives, pair, experiment and arm become one, in first-seen
     * order, with the union of their negatives (first occurrence first) and every query id in its provenance. A
     * replayed or popular query would otherwise weigh as many times as it was asked.
     */
    public static List<TrainingExample> mergeRepeats(List<TrainingExample> examples) {
        Map<String, TrainingExample> merged = new LinkedHashMap<>();
        for (TrainingExample e : examples) {
            String key = String.join("\u0000", e.mode().wire(), QueryText.normalise(e.query()), e.pair(),
                    String.valueOf(e.provenance().experiment()), String.valueOf(e.provenance().arm()),
                    String.join(",", new java.util.TreeSet<>(e.positiveIds())));
            merged.merge(key, e, TrainingExample::absorb);
        }
        return List.copyOf(merged.values());
    }

    private TrainingExample absorb(TrainingExample repeat) {
        List<Negative> negs = new java.util.ArrayList<>(negatives);
        Set<String> ids = new HashSet<>(negativeIds());
        repeat.negatives().stream().filter(n -> ids.add(n.id())).forEach(negs::add);
        List<String> queries = new java.util.ArrayList<>(provenance.queryIds());
        queries.addAll(repeat.provenance().queryIds());
        return new TrainingExample(queryId, query, mode, pair, embedder, reranker, scorer, positives, negs,
                new Provenance(queries, provenance.timestamp(), provenance.experiment(), provenance.arm()));
    }

    public enum Mode {
        MINED, REFRESH;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Positive(String id, String text, Integer rank) {
        public Positive {
            Objects.requireNonNull(id, "positive id");
            Objects.requireNonNull(text, "positive text of " + id);
        }
    }

    /**
     * @param score    the final score (mined) or the scorer's dot product (refresh); null when unknown
     * @param annRank  the ANN rank in the query event this document was first seen in, null when it was not a candidate
     * @param annScore that candidate's ANN score
     */
    public record Negative(String id, String text, Integer rank, Double score, Integer annRank, Double annScore,
                           NegativeSource source) {
        public Negative {
            Objects.requireNonNull(id, "negative id");
            Objects.requireNonNull(text, "negative text of " + id);
            Objects.requireNonNull(source, "source of negative " + id);
        }
    }

    public TrainingExample {
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(pair, "pair");
        provenance = provenance == null ? new Provenance(List.of(queryId), null, null, null) : provenance;
        if (positives.isEmpty()) {
            throw new IllegalArgumentException("positives must hold at least one document, was empty for query " + queryId);
        }
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
        Set<String> pos = new HashSet<>();
        positives.forEach(p -> pos.add(p.id()));
        for (Negative n : negatives) {
            if (pos.contains(n.id())) {
                throw new IllegalArgumentException("negative " + n.id() + " of query " + queryId + " is also a positive");
            }
        }
    }

    public List<String> positiveIds() {
        return positives.stream().map(Positive::id).toList();
    }

    public List<String> negativeIds() {
        return negatives.stream().map(Negative::id).toList();
    }

    /** Provenance in the training schema's {@code meta}: ids, ranks, scores and sources, parallel to pos and neg. */
    public Map<String, Object> meta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("mode", mode.wire());
        meta.put("query_id", queryId);
        meta.put("count", provenance.queryIds().size());
        if (provenance.queryIds().size() > 1) {
            meta.put("query_ids", provenance.queryIds());
        }
        putIfPresent(meta, "timestamp", provenance.timestamp());
        putIfPresent(meta, "experiment", provenance.experiment());
        putIfPresent(meta, "arm", provenance.arm());
        meta.put("pair", pair);
        putIfPresent(meta, "embedder", embedder);
        putIfPresent(meta, "reranker", reranker);
        putIfPresent(meta, "scorer", scorer);
        meta.put("pos_ids", positiveIds());
        meta.put("neg_ids", negativeIds());
        meta.put("pos_ranks", positives.stream().map(Positive::rank).toList()); // Stream.toList keeps nulls
        meta.put("neg_ranks", negatives.stream().map(Negative::rank).toList());
        // The schema's neg_scores are numbers, so they are given only when every negative has one.
        if (negatives.stream().allMatch(n -> n.score() != null)) {
            meta.put("neg_scores", negatives.stream().map(Negative::score).toList());
        }
        meta.put("neg_sources", negatives.stream().map(n -> n.source().wire()).toList());
        return meta;
    }

    /**
     * The FlagEmbedding line: query, pos and neg texts, provenance under meta. Scores stay in meta on purpose: top-level
     * pos_scores/neg_scores would be read as teacher scores for distillation.
     */
    public Map<String, Object> flagEmbeddingLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("query", query);
        line.put("pos", positives.stream().map(Positive::text).toList());
        line.put("neg", negatives.stream().map(Negative::text).toList());
        line.put("meta", meta());
        return line;
    }

    /**
     * A training event whose id follows from its content, so that re-mining the same events republishes the same ids
     * (consumers deduplicate) while an example that changed gets a new one.
     */
    public TrainingEvent toEvent(Instant timestamp) {
        String key = String.join("\u0000", mode.wire(), queryId, String.valueOf(scorer), String.join(",", positiveIds()),
                String.join(",", negativeIds()));
        String eventId = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return new TrainingEvent(TrainingEvent.SCHEMA, eventId, queryId, query,
                positives.stream().map(Positive::text).toList(), negatives.stream().map(Negative::text).toList(), meta(),
                timestamp.toString());
    }

    private static void putIfPresent(Map<String, Object> meta, String key, String value) {
        if (value != null) {
            meta.put(key, value);
        }
    }
}

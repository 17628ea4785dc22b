package io.stagegate.mining;

import io.stagegate.events.QueryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refresh mode for one query text: every document any of its query events ranked, plus its explicit negatives, is
 * re-scored by a newer checkpoint, and the highest-scoring documents without positive feedback become the negatives.
 * Ranks are places in the scorer's ordering of the whole pool, positives included.
 */
final class PoolRefresher {
    private final EmbeddingScorer scorer;
    private final CorpusView corpus;
    private final int count;
    private final Tally counts;
    private final Tally skipped;

    PoolRefresher(EmbeddingScorer scorer, CorpusView corpus, int count, Tally counts, Tally skipped) {
        this.scorer = scorer;
        this.corpus = corpus;
        this.count = count;
        this.counts = counts;
        this.skipped = skipped;
    }

    private record Scored(String id, double score) {
    }

    Optional<TrainingExample> refresh(List<JoinedQuery> group, Set<String> excluded) {
        Set<String> positiveIds = new LinkedHashSet<>();
        Map<String, NegativeSource> explicit = new LinkedHashMap<>();
        Map<String, JoinedQuery.Ranked> firstSeen = new LinkedHashMap<>();
        for (JoinedQuery q : group) {
            positiveIds.addAll(q.positives());
            q.explicitNegatives().forEach(explicit::putIfAbsent);
            q.ranking().forEach(r -> firstSeen.putIfAbsent(r.docId(), r));
        }
        if (positiveIds.isEmpty()) {
            skipped.add("no_positive");
            return Optional.empty();
        }
        Set<String> pool = new LinkedHashSet<>(positiveIds);
        pool.addAll(firstSeen.keySet());
        pool.addAll(explicit.keySet());
        QueryEvent first = group.getFirst().event();
        float[] query = scorer.query(first.userQuery());
        Map<String, float[]> vectors = scorer.documents(pool);
        List<Scored> ordered = new ArrayList<>();
        vectors.forEach((id, v) -> ordered.add(new Scored(id, EmbeddingScorer.dot(query, v))));
        ordered.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            rank.put(ordered.get(i).id(), i + 1);
        }
        List<TrainingExample.Positive> positives = new ArrayList<>();
        for (String id : positiveIds) {
            if (!vectors.containsKey(id)) {
                counts.add("positive_text_missing");
            } else {
                positives.add(new TrainingExample.Positive(id, corpus.text(id).orElseThrow(), rank.get(id)));
            }
        }
        if (positives.isEmpty()) {
            skipped.add("positive_text_missing");
            return Optional.empty();
        }
        counts.add("negative_text_missing", pool.size() - vectors.size() - (positiveIds.size() - positives.size()));
        List<TrainingExample.Negative> negatives = new ArrayList<>();
        for (Scored s : ordered) {
            if (negatives.size() >= count) {
                break;
            }
            if (excluded.contains(s.id()) || positiveIds.contains(s.id())) {
                continue;
            }
            JoinedQuery.Ranked seen = firstSeen.get(s.id());
            negatives.add(new TrainingExample.Negative(s.id(), corpus.text(s.id()).orElseThrow(), rank.get(s.id()), s.score(),
                    seen == null ? null : seen.annRank(), seen == null ? null : seen.annScore(),
                    explicit.getOrDefault(s.id(), NegativeSource.RANKED)));
        }
        if (negatives.isEmpty()) {
            skipped.add("no_negative");
            return Optional.empty();
        }
        return Optional.of(new TrainingExample(first.queryId(), first.userQuery(), TrainingExample.Mode.REFRESH, first.pair(),
                first.embedder(), first.reranker(), scorer.id(), positives, negatives,
                new TrainingExample.Provenance(group.stream().map(q -> q.event().queryId()).toList(), first.timestamp(),
                        first.experiment(), first.arm())));
    }
}

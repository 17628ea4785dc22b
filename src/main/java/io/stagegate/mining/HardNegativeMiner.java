package io.stagegate.mining;

import io.stagegate.events.Event;
import io.stagegate.events.QueryEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns served queries and their feedback into training examples. Positives are the documents with positive feedback
 * (click, thumbs up, relevance grade above zero). Negatives are, first, documents users marked not relevant (thumbs
 * down, grade zero), then the highest-ranked documents within {@code depth} without positive feedback, up to
 * {@code count} in all. A document with positive feedback for any query event of the same normalised text is never a
 * negative: another user found it useful for the same question, so it is at worst an unlabelled positive.
 */
public final class HardNegativeMiner {
    private final MiningSettings settings;
    private final EventJoin join;

    public HardNegativeMiner(MiningSettings settings) {
        this.settings = settings;
        this.join = new EventJoin(settings);
    }

    /** Adds one event in any order; false when its event id was seen before and it is ignored. */
    public boolean add(Event event) {
        return join.add(event);
    }

    /** One example per query event with a positive. */
    public MiningRun mine(CorpusView corpus) {
        EventJoin.Joined joined = join.join();
        Tally counts = new Tally();
        Tally skipped = new Tally();
        List<TrainingExample> examples = new ArrayList<>();
        for (JoinedQuery q : joined.queries()) {
            Set<String> excluded = joined.positivesByText().getOrDefault(q.normalisedText(), Set.of());
            mined(q, excluded, corpus, counts, skipped).ifPresent(examples::add);
        }
        List<TrainingExample> distinct = TrainingExample.mergeRepeats(examples);
        counts.add("repeats_merged", examples.size() - distinct.size());
        return new MiningRun(TrainingExample.Mode.MINED, distinct, merge(joined.counts(), counts), skipped.snapshot());
    }

    /**
     * One example per normalised query text: the candidate pools of all its query events, re-scored by a newer
     * checkpoint whose current hard negatives may differ from the ones the serving model ranked.
     */
    public MiningRun refresh(CorpusView corpus, EmbeddingScorer scorer) {
        EventJoin.Joined joined = join.join();
        Map<String, List<JoinedQuery>> groups = new LinkedHashMap<>();
        joined.queries().forEach(q -> groups.computeIfAbsent(q.normalisedText(), k -> new ArrayList<>()).add(q));
        Tally counts = new Tally();
        Tally skipped = new Tally();
        PoolRefresher refresher = new PoolRefresher(scorer, corpus, settings.count(), counts, skipped);
        List<TrainingExample> examples = new ArrayList<>();
        groups.forEach((text, group) ->
                refresher.refresh(group, joined.positivesByText().getOrDefault(text, Set.of())).ifPresent(examples::add));
        return new MiningRun(TrainingExample.Mode.REFRESH, examples, merge(joined.counts(), counts), skipped.snapshot());
    }

    private Optional<TrainingExample> mined(JoinedQuery q, Set<String> excluded, CorpusView corpus, Tally counts,
                                            Tally skipped) {
        if (q.positives().isEmpty()) {
            skipped.add("no_positive");
            return Optional.empty();
        }
        List<TrainingExample.Positive> positives = positives(q.positives(), q, corpus, counts);
        if (positives.isEmpty()) {
            skipped.add("positive_text_missing");
            return Optional.empty();
        }
        List<TrainingExample.Negative> negatives = new ArrayList<>();
        Set<String> taken = new HashSet<>(excluded);
        q.explicitNegatives().forEach((id, source) -> {
            if (negatives.size() < settings.count() && taken.add(id)) {
                Optional<JoinedQuery.Ranked> r = q.ranked(id);
                negative(id, r.orElse(null), source, corpus, counts).ifPresent(negatives::add);
            }
        });
        for (JoinedQuery.Ranked r : q.ranking()) {
            if (negatives.size() >= settings.count() || r.rank() > settings.depth()) {
                break;
            }
            if (taken.add(r.docId())) {
                negative(r.docId(), r, NegativeSource.RANKED, corpus, counts).ifPresent(negatives::add);
            }
        }
        if (negatives.isEmpty()) {
            skipped.add("no_negative");
            return Optional.empty();
        }
        QueryEvent e = q.event();
        return Optional.of(new TrainingExample(e.queryId(), e.userQuery(), TrainingExample.Mode.MINED, e.pair(),
                e.embedder(), e.reranker(), null, positives, negatives, TrainingExample.Provenance.of(e)));
    }

    private static List<TrainingExample.Positive> positives(List<String> ids, JoinedQuery rankedIn, CorpusView corpus,
                                                     Tally counts) {
        List<TrainingExample.Positive> out = new ArrayList<>();
        for (String id : ids) {
            Optional<String> text = corpus.text(id);
            if (text.isEmpty()) {
                counts.add("positive_text_missing");
                continue;
            }
            out.add(new TrainingExample.Positive(id, text.get(),
                    rankedIn.ranked(id).map(JoinedQuery.Ranked::rank).orElse(null)));
        }
        return out;
    }

    private static Optional<TrainingExample.Negative> negative(String id, JoinedQuery.Ranked r, NegativeSource source,
                                                               CorpusView corpus, Tally counts) {
        Optional<String> text = corpus.text(id);
        if (text.isEmpty()) {
            counts.add("negative_text_missing");
            return Optional.empty();
        }
        return Optional.of(r == null
                ? new TrainingExample.Negative(id, text.get(), null, null, null, null, source)
                : new TrainingExample.Negative(id, text.get(), r.rank(), r.score(), r.annRank(), r.annScore(), source));
    }

    private static Map<String, Long> merge(Map<String, Long> a, Tally b) {
        Tally all = new Tally();
        a.forEach(all::add);
        b.snapshot().forEach(all::add);
        return all.snapshot();
    }
}

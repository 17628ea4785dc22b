package io.stagegate.mining;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How much harder mined negatives are than random ones: their mean ANN rank and score as served, and their mean
 * similarity to the query under a scorer checkpoint next to that of as many random non-positive corpus documents.
 * Random draws are seeded per query id, so a report does not depend on the order examples were mined in.
 */
public final class HardnessReport {
    private HardnessReport() {
    }

    public static Map<String, Object> of(MiningRun run, CorpusView corpus, EmbeddingScorer scorer, long seed) {
        return of(run, corpus, scorer, seed, null);
    }

    /**
     * @param scorer null to leave out the similarity section (no model loaded)
     * @param relevant null, or the judged-relevant doc ids per normalised query text (see {@link QueryText}): adds how
     *                 often mined positives are truly relevant and how often negatives are (false negatives)
     */
    public static Map<String, Object> of(MiningRun run, CorpusView corpus, EmbeddingScorer scorer, long seed,
                                         Map<String, Set<String>> relevant) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", run.mode().wire());
        out.put("counts", run.counts());
        out.put("skipped", run.skipped());
        List<TrainingExample> examples = run.examples();
        out.put("examples_written", examples.size());
        out.put("mean_pos_per_example", mean(examples.stream().mapToDouble(e -> e.positives().size()).toArray()));
        out.put("mean_neg_per_example", mean(examples.stream().mapToDouble(e -> e.negatives().size()).toArray()));
        out.put("negatives", annSection(examples));
        if (scorer != null) {
            out.put("similarity", similarity(examples, corpus, scorer, seed));
        }
        if (relevant != null) {
            out.put("judged", judged(examples, corpus, seed, relevant));
        }
        return out;
    }

    /**
     * Label quality against held judgements: clicks are noisy positives, and a "negative" the judges call relevant is
     * a false negative that teaches the model the wrong thing. Random negatives use the same seeded draw as above.
     */
    private static Map<String, Object> judged(List<TrainingExample> examples, CorpusView corpus, long seed,
                                              Map<String, Set<String>> relevant) {
        List<String> ids = corpus.ids();
        long judgedExamples = 0;
        long pos = 0;
        long posRelevant = 0;
        long mined = 0;
        long minedRelevant = 0;
        long random = 0;
        long randomRelevant = 0;
        for (TrainingExample e : examples) {
            Set<String> truth = relevant.get(QueryText.normalise(e.query()));
            if (truth == null) {
                continue;
            }
            judgedExamples++;
            for (String id : e.positiveIds()) {
                pos++;
                posRelevant += truth.contains(id) ? 1 : 0;
            }
            for (String id : e.negativeIds()) {
                mined++;
                minedRelevant += truth.contains(id) ? 1 : 0;
            }
            for (String id : draw(ids, new HashSet<>(e.positiveIds()), e.negatives().size(),
                    new Random(seed * 31 + e.queryId().hashCode()))) {
                random++;
                randomRelevant += truth.contains(id) ? 1 : 0;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("examples_with_judgements", judgedExamples);
        out.put("positive_precision", ratio(posRelevant, pos));
        out.put("mined_false_negative_rate", ratio(minedRelevant, mined));
        out.put("random_false_negative_rate", ratio(randomRelevant, random));
        return out;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static Map<String, Object> annSection(List<TrainingExample> examples) {
        List<Double> ranks = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        Map<String, Long> sources = new LinkedHashMap<>();
        for (TrainingExample e : examples) {
            for (TrainingExample.Negative n : e.negatives()) {
                sources.merge(n.source().wire(), 1L, Long::sum);
                if (n.annRank() != null) {
                    ranks.add((double) n.annRank());
                    scores.add(n.annScore());
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by_source", sources);
        out.put("with_ann_data", ranks.size());
        out.put("mean_ann_rank", mean(ranks.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("mean_ann_score", mean(scores.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    private static Map<String, Object> similarity(List<TrainingExample> examples, CorpusView corpus, EmbeddingScorer scorer,
                                                  long seed) {
        List<String> ids = corpus.ids();
        List<Double> pos = new ArrayList<>();
        List<Double> mined = new ArrayList<>();
        List<Double> random = new ArrayList<>();
        for (TrainingExample e : examples) {
            float[] q = scorer.query(e.query());
            scorer.documents(e.positiveIds()).values().forEach(v -> pos.add(EmbeddingScorer.dot(q, v)));
            scorer.documents(e.negativeIds()).values().forEach(v -> mined.add(EmbeddingScorer.dot(q, v)));
            List<String> drawn = draw(ids, new HashSet<>(e.positiveIds()), e.negatives().size(),
                    new Random(seed * 31 + e.queryId().hashCode()));
            scorer.documents(drawn).values().forEach(v -> random.add(EmbeddingScorer.dot(q, v)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scorer", scorer.id());
        out.put("seed", seed);
        out.put("positives", pos.size());
        out.put("mined_negatives", mined.size());
        out.put("random_negatives", random.size());
        Double minedMean = mean(mined.stream().mapToDouble(Double::doubleValue).toArray());
        Double randomMean = mean(random.stream().mapToDouble(Double::doubleValue).toArray());
        out.put("mean_positive", mean(pos.stream().mapToDouble(Double::doubleValue).toArray()));
        out.put("mean_mined_negative", minedMean);
        out.put("mean_random_negative", randomMean);
        out.put("mined_minus_random", minedMean == null || randomMean == null ? null : minedMean - randomMean);
        return out;
    }

    /** Up to n distinct random ids, none of them excluded; gives up on a corpus that is nearly all excluded. */
    static List<String> draw(List<String> ids, Set<String> excluded, int n, Random random) {
        List<String> out = new ArrayList<>();
        Set<String> taken = new HashSet<>(excluded);
        for (int tries = 0; out.size() < n && !ids.isEmpty() && tries < 20 * n + 20; tries++) {
            String id = ids.get(random.nextInt(ids.size()));
            if (taken.add(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Null rather than NaN for nothing to average: NaN is not JSON. */
    private static Double mean(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}

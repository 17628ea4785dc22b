package io.stagegate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How several scored lists of the same documents become one ranking.
 *
 * <ul>
 *   <li>{@code RRF}: reciprocal rank fusion, {@code sum_i w_i / (rrfK + rank_i)}; a list that lacks the document adds
 *       nothing. Only ranks count, so no normalisation is needed.</li>
 *   <li>{@code CONVEX}: {@code sum_i w_i * norm_i(score_i)} with each list's scores normalised over that list (min-max
 *       to [0, 1], or z-score); a list that lacks the document adds its normalised minimum (0 after min-max).</li>
 * </ul>
 * Weights are given per input in the input's order; empty means equal weights.
 */
public record Fusion(Method method, int rrfK, List<Double> weights, Normalization normalization) {
    public static final int DEFAULT_RRF_K = 60;
    /** Reciprocal rank fusion with k = 60 (Cormack et al. 2009), equal weights. */
    public static final Fusion RRF = new Fusion(Method.RRF, DEFAULT_RRF_K, List.of(), Normalization.MINMAX);

    public enum Method {
        RRF, CONVEX;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method parse(String value) {
            return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("fusion method must be rrf or convex, was '" + value + "'"));
        }
    }

    public enum Normalization {
        MINMAX, ZSCORE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Normalization parse(String value) {
            return Arrays.stream(values()).filter(m -> m.wireName().equals(value)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("fusion normalization must be minmax or zscore, was '" + value + "'"));
        }
    }

    public Fusion {
        if (method == null) {
            throw new IllegalArgumentException("fusion method is required");
        }
        normalization = normalization == null ? Normalization.MINMAX : normalization;
        if (rrfK < 1 || rrfK > 100_000) {
            throw new IllegalArgumentException("fusion rrf-k must be 1..100000, was " + rrfK);
        }
        weights = weights == null ? List.of() : List.copyOf(weights);
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            double w = weights.get(i);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("fusion weights[" + i + "] must be a finite number >= 0, was " + w);
            }
            sum += w;
        }
        if (!weights.isEmpty() && sum <= 0) {
            throw new IllegalArgumentException("fusion weights must not all be 0, were " + weights);
        }
    }

    /** Convex combination with the given weights (empty: equal), min-max normalised. */
    public static Fusion convex(List<Double> weights) {
        return new Fusion(Method.CONVEX, DEFAULT_RRF_K, weights, Normalization.MINMAX);
    }

    public static Fusion rrf(int k) {
        return new Fusion(Method.RRF, k, List.of(), Normalization.MINMAX);
    }

    /** Fails unless the weights, if given, are one per input. */
    public void checkInputs(int inputs, String what) {
        if (!weights.isEmpty() && weights.size() != inputs) {
            throw new IllegalArgumentException(what + ".weights must be " + inputs + " numbers (one per fused input), were "
                    + weights.size() + ": " + weights);
        }
    }

    /** One weight per input: the configured ones, or 1 each. */
    public double[] weightsFor(int inputs) {
        checkInputs(inputs, "fusion");
        double[] w = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            w[i] = weights.isEmpty() ? 1.0 : weights.get(i);
        }
        return w;
    }

    /** Short form for ids and reports: {@code rrf60}, {@code convex}, {@code convex(0.7,0.3)}, {@code convex-z}. */
    public String label() {
        String w = weights.isEmpty() ? "" : "(" + String.join(",", weights.stream().map(Fusion::number).toList()) + ")";
        return method == Method.RRF ? "rrf" + rrfK + w
                : "convex" + (normalization == Normalization.ZSCORE ? "-z" : "") + w;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

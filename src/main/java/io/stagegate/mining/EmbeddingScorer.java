package io.stagegate.mining;

import io.stagegate.model.Embedder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dot products of unit vectors under one embedder checkpoint: the query as a query, documents as passages. Document
 * vectors are cached by id for the run (candidate pools of related queries overlap a lot); about dimension × 4 bytes
 * per distinct document.
 */
public final class EmbeddingScorer {
    private static final int CHUNK = 256;
    private final Embedder embedder;
    private final CorpusView corpus;
    private final Map<String, float[]> cache = new HashMap<>();
    private final Set<String> unresolved = new HashSet<>();

    public EmbeddingScorer(Embedder embedder, CorpusView corpus) {
        this.embedder = embedder;
        this.corpus = corpus;
    }

    public String id() {
        return embedder.id();
    }

    public float[] query(String text) {
        return unit(embedder.embed(List.of(embedder.encodeQuery(text)))[0]);
    }

    /** Vectors of the documents whose text the corpus has, in the order asked; the others are left out. */
    public Map<String, float[]> documents(Collection<String> ids) {
        List<String> missing = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (cache.containsKey(id) || unresolved.contains(id)) {
                continue;
            }
            Optional<float[]> stored = corpus.vector(embedder.id(), id);
            if (stored.isPresent()) {
                cache.put(id, unit(stored.get()));
                continue;
            }
            Optional<String> text = corpus.text(id);
            if (text.isEmpty()) {
                unresolved.add(id);
            } else {
                missing.add(id);
                texts.add(text.get());
            }
        }
        for (int from = 0; from < missing.size(); from += CHUNK) {
            int to = Math.min(missing.size(), from + CHUNK);
            float[][] vectors = embedder.embedDocuments(texts.subList(from, to));
            for (int i = from; i < to; i++) {
                cache.put(missing.get(i), unit(vectors[i - from]));
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String id : ids) {
            float[] v = cache.get(id);
            if (v != null) {
                out.put(id, v);
            }
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Checkpoints normalise already when configured to; a scorer must not depend on that. */
    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        float[] out = v.clone();
        if (norm > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return out;
    }
}

package io.stagegate.testing;

import io.stagegate.model.ModelCatalog;
import java.util.Map;

/** A catalog of the built-in checkpoints with the default inference settings. */
public final class TestModels {
    private TestModels() {
    }

    public static ModelCatalog catalog() {
        return new ModelCatalog(Map.of(), new ModelCatalog.Settings(2, 16, 8192, false));
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

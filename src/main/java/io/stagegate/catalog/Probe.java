package io.stagegate.catalog;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.model.Checkpoint;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.CrossEncoder;
import io.stagegate.model.Embedder;
import io.stagegate.model.ModelCatalog;
import java.util.List;

/**
 * One inference before a checkpoint is accepted: an embedder must give finite, non-zero vectors of one width (unit
 * length when it normalises) for a query and a document; a cross-encoder finite scores for two pairs. What a broken
 * export fails with (wrong output name, wrong rank, NaN) is caught here, with the checkpoint named, not in traffic.
 */
final class Probe {
    private Probe() {
    }

    static void check(ModelCatalog catalog, Checkpoint checkpoint) {
        String id = checkpoint.id();
        try {
            if (checkpoint.spec().kind() == CheckpointKind.EMBEDDER) {
                Embedder e = catalog.embedder(id);
                float[] q = e.embedQuery("what does a probe query look like").vector();
                float[] d = e.embedDocuments(List.of("A probe document: a few words of ordinary text."))[0];
                if (q.length == 0 || q.length != d.length) {
                    fail(id, "query and document vectors differ in width (" + q.length + " vs " + d.length + ")");
                }
                for (float[] v : List.of(q, d)) {
                    double norm = 0;
                    for (float x : v) {
                        if (!Float.isFinite(x)) {
                            fail(id, "the model produced a non-finite value");
                        }
                        norm += x * x;
                    }
                    if (norm == 0 || (e.spec().normalize() && Math.abs(Math.sqrt(norm) - 1) > 1e-3)) {
                        fail(id, "vectors must be non-zero" + (e.spec().normalize() ? " and unit length" : "") + ", norm was "
                                + Math.sqrt(norm));
                    }
                }
            } else {
                CrossEncoder c = catalog.crossEncoder(id);
                double[] scores = c.score("what does a probe query look like",
                        List.of("A probe document.", "Another, unrelated document."));
                for (double s : scores) {
                    if (!Double.isFinite(s)) {
                        fail(id, "the model produced a non-finite score");
                    }
                }
            }
        } catch (StagegateException e) {
            throw e.kind() == ErrorKind.INVALID_REQUEST ? e
                    : StagegateException.invalid("checkpoint '" + id + "' failed its probe inference: " + e.getMessage());
        } catch (RuntimeException e) {
            throw StagegateException.invalid("checkpoint '" + id + "' failed its probe inference: " + e.getMessage());
        }
    }

    private static void fail(String id, String why) {
        throw StagegateException.invalid("checkpoint '" + id + "' failed its probe inference: " + why);
    }
}

package io.stagegate.batch;

import io.stagegate.model.Encoded;
import java.util.List;

/** Runs exactly one batch through a model: outputs in input order. */
@FunctionalInterface
public interface BatchRunner<O> {
    List<O> run(List<Encoded> batch);
}

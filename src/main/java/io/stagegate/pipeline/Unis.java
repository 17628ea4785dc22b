package io.stagegate.pipeline;

import io.smallrye.mutiny.Uni;
import io.stagegate.Deadline;
import io.stagegate.Priority;
import io.stagegate.batch.InferenceBatcher;
import io.stagegate.batch.Submission;
import io.stagegate.model.Encoded;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Bridges batcher submissions to Mutiny, carrying cancellation down: a cancelled Uni removes its queued items. */
public final class Unis {
    private Unis() {
    }

    public static <O> Uni<Submission.BatchResult<O>> batched(InferenceBatcher<O> batcher, List<Encoded> inputs, Priority priority,
                                                      Deadline deadline) {
        return Uni.createFrom().emitter(emitter -> {
            Submission<O> submission = batcher.submit(inputs, priority, deadline);
            submission.future().whenComplete((result, error) -> {
                if (error != null) {
                    emitter.fail(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                } else {
                    emitter.complete(result);
                }
            });
            emitter.onTermination(() -> {
                if (!submission.future().isDone()) {
                    batcher.cancel(submission);
                }
            });
        });
    }
}

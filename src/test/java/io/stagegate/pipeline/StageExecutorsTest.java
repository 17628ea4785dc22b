package io.stagegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class StageExecutorsTest {

    @Test
    void aStageTaskRunsInItsRequestsLoggingContextAndLeavesThePoolThreadClean() throws Exception {
        try (StageExecutors executors = new StageExecutors(1, 8, 1, 8)) {
            MDC.put("requestId", "req-7");
            MDC.put("pair", "default");
            CompletableFuture<String> seen = new CompletableFuture<>();
            executors.ann().execute(() -> seen.complete(MDC.get("requestId") + "/" + MDC.get("pair")));
            assertEquals("req-7/default", seen.get(5, TimeUnit.SECONDS));
            MDC.clear();
            CompletableFuture<Object> after = new CompletableFuture<>();
            executors.ann().execute(() -> after.complete(MDC.get("requestId")));
            assertNull(after.get(5, TimeUnit.SECONDS), "the next task on that thread does not inherit the context");
        } finally {
            MDC.clear();
        }
    }
}

package io.stagegate.pipeline;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import org.jboss.logging.MDC;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named, bounded executors that blocking stage work runs on. A full queue refuses at once with OVERLOADED
 * instead of queueing without bound.
 */
public final class StageExecutors implements AutoCloseable {
    private final ThreadPoolExecutor tokenize;
    private final ThreadPoolExecutor ann;
    private final ThreadPoolExecutor ingest;

    /** Model inference is not here: it runs on the batchers' workers. */
    public StageExecutors(int tokenizeThreads, int tokenizeQueue, int annThreads, int annQueue) {
        this.tokenize = pool("stagegate-tokenize", tokenizeThreads, tokenizeQueue);
        this.ann = pool("stagegate-ann", annThreads, annQueue);
        // One writer at a time; a short queue so a burst of ingests is refused rather than held for minutes.
        this.ingest = pool("stagegate-ingest", 1, 4);
    }

    public Executor tokenize() {
        return guarded(tokenize, "tokenizer");
    }

    public Executor ann() {
        return guarded(ann, "ANN search");
    }

    public Executor ingest() {
        return guarded(ingest, "ingest");
    }

    private static Executor guarded(ThreadPoolExecutor pool, String what) {
        return task -> {
            try {
                pool.execute(withLoggingContext(task));
            } catch (RejectedExecutionException e) {
                throw new StagegateException(ErrorKind.OVERLOADED, what + " queue is full (" + pool.getQueue().size()
                        + " waiting); retry later");
            }
        };
    }

    /**
     * Carries the submitter's logging context (request id, pair, experiment, arm) to the stage thread, so a line logged
     * while a request's stage runs says which request it was, and leaves the pool thread clean afterwards.
     */
    static Runnable withLoggingContext(Runnable task) {
        Map<String, Object> context = MDC.getMap();
        // Always clear: pool threads inherit the logging context of whichever thread created them.
        return () -> {
            MDC.clear();
            context.forEach(MDC::put);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        };
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {tokenize, ann, ingest}) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

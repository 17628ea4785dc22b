package io.stagegate.batch;

import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.model.Encoded;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batcher's packing, priorities, shedding, cancellation and routing, with a runner that records what it was given
 * (the real model is not what is under test here; determinism with real models is in BatchedModelsTest).
 */
class InferenceBatcherTest {
    /** Records every batch as the tags (first id) of its items; can hold the worker until released. */
    static final class RecordingRunner implements BatchRunner<Long> {
        final List<List<Long>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        RecordingRunner(boolean holdFirst) {
            release = new CountDownLatch(holdFirst ? 1 : 0);
        }

        @Override
        public List<Long> run(List<Encoded> batch) {
            List<Long> tags = batch.stream().map(e -> e.ids()[0]).toList();
            batches.add(tags);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Output derived from the input so routing can be checked: tag * 1000 + length.
            return batch.stream().map(e -> e.ids()[0] * 1000 + e.length()).toList();
        }
    }

    static Encoded item(long tag, int length) {
        long[] ids = new long[length];
        ids[0] = tag;
        return new Encoded(ids, new long[length], false);
    }

    static BatchPolicy policy(int size, int tokens, long queueTokens) {
        return new BatchPolicy(size, tokens, 0, queueTokens, 0.5, true, 0, 100.0);
    }

    final List<InferenceBatcher<?>> opened = new ArrayList<>();

    <O> InferenceBatcher<O> batcher(BatchPolicy policy, BatchRunner<O> runner, java.util.function.LongSupplier clock) {
        InferenceBatcher<O> b = new InferenceBatcher<>("test", policy, 1, runner, BatchListener.NONE, clock);
        opened.add(b);
        return b;
    }

    @AfterEach
    void close() {
        opened.forEach(InferenceBatcher::close);
    }

    /** Holds the worker inside a first batch so that later submissions accumulate in the queue. */
    static Submission<Long> occupy(InferenceBatcher<Long> b, RecordingRunner r) throws InterruptedException {
        Submission<Long> first = b.submit(List.of(item(999, 4)), Priority.INTERACTIVE, Deadline.NONE);
        assertTrue(r.entered.await(5, TimeUnit.SECONDS));
        return first;
    }

    @Test
    void batchesCloseAtTheItemLimit() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(policy(4, 100_000, 1 << 20), r, System::nanoTime);
        occupy(b, r);
        List<Submission<Long>> subs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            subs.add(b.submit(List.of(item(i, 10)), Priority.INTERACTIVE, Deadline.NONE));
        }
        r.release.countDown();
        subs.forEach(s -> s.future().join());
        assertEquals(List.of(1, 4, 4, 1), r.batches.stream().map(List::size).toList());
    }

    @Test
    void batchesCloseAtThePaddedTokenLimitAndGroupByLength() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(new BatchPolicy(32, 400, 0, 1 << 20, 0.5, true, 0, 1.10), r, System::nanoTime);
        occupy(b, r);
        // Arrival order alternates short and long; grouping must not pad the short ones to 200.
        int[] lengths = {10, 200, 12, 190, 11, 195, 9, 10};
        List<Submission<Long>> subs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            subs.add(b.submit(List.of(item(i, lengths[i])), Priority.INTERACTIVE, Deadline.NONE));
        }
        r.release.countDown();
        subs.forEach(s -> s.future().join());
        // Oldest first (tag 0, 10 tokens) with the next-oldest short ones that keep padding within 10%; the long ones
        // two at a time (3 x 200 would exceed 400 tokens); 9 and 10 together once 0, 2 and 4 have gone.
        assertEquals(List.of(List.of(0L, 2L, 4L), List.of(1L, 3L), List.of(5L), List.of(6L, 7L)),
                r.batches.subList(1, r.batches.size()));
    }

    @Test
    void aBatchStopsGrowingBeforeItsPaddingExceedsTheBound() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(new BatchPolicy(32, 100_000, 0, 1 << 20, 0.5, true, 0, 1.10), r, System::nanoTime);
        occupy(b, r);
        int[] lengths = {100, 150, 100, 105, 60};
        List<Submission<Long>> subs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            subs.add(b.submit(List.of(item(i, lengths[i])), Priority.INTERACTIVE, Deadline.NONE));
        }
        r.release.countDown();
        subs.forEach(s -> s.future().join());
        // 100, 100, 105 pad to 315 for 305 real tokens; adding 150 (600 for 455) or 60 (420 for 365) would exceed 1.10.
        assertEquals(List.of(List.of(0L, 2L, 3L), List.of(1L), List.of(4L)), r.batches.subList(1, r.batches.size()));
    }

    @Test
    void interactiveWorkOvertakesQueuedBackgroundWork() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(policy(2, 100_000, 1 << 20), r, System::nanoTime);
        occupy(b, r);
        Submission<Long> background = b.submit(List.of(item(1, 8), item(2, 8)), Priority.BACKGROUND, Deadline.NONE);
        Submission<Long> shadow = b.submit(List.of(item(3, 8)), Priority.SHADOW, Deadline.NONE);
        Submission<Long> interactive = b.submit(List.of(item(4, 8)), Priority.INTERACTIVE, Deadline.NONE);
        r.release.countDown();
        interactive.future().join();
        shadow.future().join();
        background.future().join();
        assertEquals(List.of(List.of(4L), List.of(3L), List.of(1L, 2L)), r.batches.subList(1, 4));
    }

    @Test
    void overloadIsRefusedAtOnceAndLowerPrioritiesAreShedFirst() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        // Room for 100 tokens; shadow and background may use 50.
        InferenceBatcher<Long> b = batcher(policy(8, 100_000, 100), r, System::nanoTime);
        occupy(b, r);
        Submission<Long> shadow = b.submit(List.of(item(1, 20)), Priority.SHADOW, Deadline.NONE);
        Submission<Long> background = b.submit(List.of(item(2, 20)), Priority.BACKGROUND, Deadline.NONE);
        Submission<Long> tooMuchBackground = b.submit(List.of(item(3, 20)), Priority.BACKGROUND, Deadline.NONE);
        assertFailed(tooMuchBackground, ErrorKind.OVERLOADED);
        Submission<Long> interactive = b.submit(List.of(item(4, 50)), Priority.INTERACTIVE, Deadline.NONE);
        assertFalse(interactive.future().isDone());
        // 90 queued; 30 more interactive tokens need room: the background submission goes first, shadow stays.
        Submission<Long> more = b.submit(List.of(item(5, 30)), Priority.INTERACTIVE, Deadline.NONE);
        assertFailed(background, ErrorKind.OVERLOADED);
        assertFalse(shadow.future().isDone());
        // Nothing left to shed beyond the shadow item, and 60 more cannot fit even without it: refused.
        Submission<Long> refused = b.submit(List.of(item(6, 60)), Priority.INTERACTIVE, Deadline.NONE);
        assertFailed(refused, ErrorKind.OVERLOADED);
        r.release.countDown();
        interactive.future().join();
        more.future().join();
        shadow.future().join();
        List<Long> computed = r.batches.stream().flatMap(List::stream).toList();
        assertFalse(computed.contains(2L) || computed.contains(3L) || computed.contains(6L), "shed work ran: " + computed);
    }

    @Test
    void cancelledWorkIsNeverComputed() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(policy(8, 100_000, 1 << 20), r, System::nanoTime);
        occupy(b, r);
        Submission<Long> cancelled = b.submit(List.of(item(1, 8), item(2, 9)), Priority.INTERACTIVE, Deadline.NONE);
        Submission<Long> kept = b.submit(List.of(item(3, 8)), Priority.INTERACTIVE, Deadline.NONE);
        b.cancel(cancelled);
        assertEquals(1, b.queuedItems());
        r.release.countDown();
        kept.future().join();
        assertFailed(cancelled, ErrorKind.UNAVAILABLE);
        assertEquals(List.of(List.of(999L), List.of(3L)), r.batches);
        assertEquals(2, b.computedItems());
    }

    @Test
    void workPastItsDeadlineIsDroppedBeforeItIsComputed() throws Exception {
        AtomicLong clock = new AtomicLong(1_000);
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(policy(8, 100_000, 1 << 20), r, clock::get);
        occupy(b, r);
        Submission<Long> late = b.submit(List.of(item(1, 8)), Priority.INTERACTIVE, Deadline.after(clock.get(), 500));
        Submission<Long> onTime = b.submit(List.of(item(2, 8)), Priority.INTERACTIVE, Deadline.after(clock.get(), 10_000));
        clock.addAndGet(600);
        r.release.countDown();
        onTime.future().join();
        assertFailed(late, ErrorKind.DEADLINE_EXCEEDED);
        assertEquals(List.of(List.of(999L), List.of(2L)), r.batches);
    }

    @Test
    void withoutCrossRequestBatchingEachBatchHoldsOneSubmission() throws Exception {
        RecordingRunner r = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(new BatchPolicy(8, 100_000, 0, 1 << 20, 0.5, false, 0, 100.0), r, System::nanoTime);
        occupy(b, r);
        Submission<Long> a = b.submit(List.of(item(1, 8), item(2, 8)), Priority.INTERACTIVE, Deadline.NONE);
        Submission<Long> c = b.submit(List.of(item(3, 8), item(4, 8)), Priority.INTERACTIVE, Deadline.NONE);
        r.release.countDown();
        a.future().join();
        c.future().join();
        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L)), r.batches.subList(1, 3));
    }

    @Test
    void aFailingBatchFailsItsSubmissionsAndTheWorkerCarriesOn() {
        InferenceBatcher<Long> b = batcher(policy(8, 100_000, 1 << 20), batch -> {
            if (batch.get(0).ids()[0] == 13) {
                throw new IllegalStateException("boom");
            }
            return batch.stream().map(e -> e.ids()[0]).toList();
        }, System::nanoTime);
        assertFailed(b.submit(List.of(item(13, 4)), Priority.INTERACTIVE, Deadline.NONE), ErrorKind.INTERNAL);
        assertEquals(List.of(7L), b.submit(List.of(item(7, 4)), Priority.INTERACTIVE, Deadline.NONE).future().join().outputs());
    }

    @Test
    void theQueueHoldsAtMostMaxQueueDelayOfWorkAtTheMeasuredRate() throws Exception {
        AtomicLong clock = new AtomicLong();
        // Each batch "takes" 1 ms per token on the fake clock: 1000 tokens/s, so 100 ms of work is 100 tokens.
        BatchRunner<Long> runner = batch -> {
            clock.addAndGet(batch.stream().mapToLong(Encoded::length).sum() * 1_000_000L);
            return batch.stream().map(e -> e.ids()[0]).toList();
        };
        RecordingRunner gate = new RecordingRunner(true);
        InferenceBatcher<Long> b = batcher(new BatchPolicy(1, 100_000, 0, 1 << 20, 0.5, true, 100_000_000L, 100.0), batch -> {
            List<Long> out = runner.run(batch);
            return batch.getFirst().ids()[0] == 999 ? gate.run(batch) : out;
        }, clock::get);
        b.submit(List.of(item(1, 50)), Priority.INTERACTIVE, Deadline.NONE).future().join();
        occupy(b, gate);
        assertFalse(b.submit(List.of(item(2, 60)), Priority.INTERACTIVE, Deadline.NONE).future().isDone());
        // 60 ms of work ahead: admitted. Then 110 ms ahead: refused, whatever the newcomer's own size.
        assertFalse(b.submit(List.of(item(3, 50)), Priority.INTERACTIVE, Deadline.NONE).future().isDone());
        assertFailed(b.submit(List.of(item(4, 1)), Priority.INTERACTIVE, Deadline.NONE), ErrorKind.OVERLOADED);
        gate.release.countDown();
    }

    /** Property: under heavy concurrency with random lengths, every output returns to its own submission, in order. */
    @Test
    void everyResultReturnsToItsOwnRequestUnderConcurrency() throws Exception {
        InferenceBatcher<Long> b = batcher(policy(16, 2048, 1 << 24), new RecordingRunner(false), System::nanoTime);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                long seed = c;
                done.add(clients.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int round = 0; round < 50; round++) {
                        int n = 1 + random.nextInt(20);
                        List<Encoded> inputs = new ArrayList<>();
                        List<Long> expected = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            long tag = seed * 1_000_000 + round * 100L + i;
                            int length = 1 + random.nextInt(256);
                            inputs.add(item(tag, length));
                            expected.add(tag * 1000 + length);
                        }
                        Priority p = Priority.values()[random.nextInt(2)];
                        assertEquals(expected, b.submit(inputs, p, Deadline.NONE).future().join().outputs());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    static void assertFailed(Submission<?> s, ErrorKind kind) {
        try {
            s.future().get(10, TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.fail("expected a failed submission");
        } catch (java.util.concurrent.ExecutionException e) {
            assertEquals(kind, ((StagegateException) e.getCause()).kind(), e.getCause().getMessage());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}

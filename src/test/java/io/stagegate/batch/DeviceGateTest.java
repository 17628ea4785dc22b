package io.stagegate.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two batchers on one device (as a primary pair's and a shadow pair's checkpoints are): low-priority work of one waits
 * while interactive work runs or waits on the other, and takes the gaps.
 */
class DeviceGateTest {
    private final DeviceGate gate = new DeviceGate();
    private final InferenceBatcherTest.RecordingRunner primaryRunner = new InferenceBatcherTest.RecordingRunner(true);
    private final InferenceBatcherTest.RecordingRunner shadowRunner = new InferenceBatcherTest.RecordingRunner(false);
    private final InferenceBatcher<Long> primary = new InferenceBatcher<>("primary", InferenceBatcherTest.policy(8, 4096, 1 << 20),
            1, primaryRunner, BatchListener.NONE, System::nanoTime, gate);
    private final InferenceBatcher<Long> shadow = new InferenceBatcher<>("shadow", InferenceBatcherTest.policy(8, 4096, 1 << 20),
            1, shadowRunner, BatchListener.NONE, System::nanoTime, gate);

    @AfterEach
    void close() {
        primary.close();
        shadow.close();
    }

    @Test
    void shadowWorkWaitsForInteractiveWorkOnTheDeviceToFinish() throws Exception {
        Submission<Long> interactive = primary.submit(List.of(InferenceBatcherTest.item(1, 4)), Priority.INTERACTIVE,
                Deadline.NONE);
        assertTrue(primaryRunner.entered.await(5, TimeUnit.SECONDS));
        assertTrue(gate.busy());
        Submission<Long> shadowWork = shadow.submit(List.of(InferenceBatcherTest.item(2, 4)), Priority.SHADOW, Deadline.NONE);
        Eventually.until(Duration.ofSeconds(5), () -> gate.heldBack() > 0, "the shadow worker saw the device busy");
        assertFalse(shadowWork.future().isDone(), "the shadow batch must not run beside the interactive one");
        assertTrue(shadowRunner.batches.isEmpty());
        primaryRunner.release.countDown();
        assertEquals(List.of(1004L), interactive.future().get(5, TimeUnit.SECONDS).outputs());
        assertEquals(List.of(2004L), shadowWork.future().get(5, TimeUnit.SECONDS).outputs());
        assertFalse(gate.busy());
        assertEquals(0, gate.interactiveItems());
    }

    @Test
    void shadowWorkThatNeverFindsAGapExpiresAtItsDeadline() throws Exception {
        primary.submit(List.of(InferenceBatcherTest.item(1, 4)), Priority.INTERACTIVE, Deadline.NONE);
        assertTrue(primaryRunner.entered.await(5, TimeUnit.SECONDS));
        Submission<Long> shadowWork = shadow.submit(List.of(InferenceBatcherTest.item(2, 4)), Priority.SHADOW,
                Deadline.after(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> shadowWork.future().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorKind.DEADLINE_EXCEEDED, ((StagegateException) e.getCause()).kind());
        assertTrue(shadowRunner.batches.isEmpty());
        primaryRunner.release.countDown();
    }

    @Test
    void backgroundWorkStillGetsATurnWhileTheDeviceStaysBusy() throws Exception {
        primary.submit(List.of(InferenceBatcherTest.item(1, 4)), Priority.INTERACTIVE, Deadline.NONE);
        assertTrue(primaryRunner.entered.await(5, TimeUnit.SECONDS));
        Submission<Long> ingest = shadow.submit(List.of(InferenceBatcherTest.item(3, 4)), Priority.BACKGROUND, Deadline.NONE);
        assertEquals(List.of(3004L), ingest.future().get(5, TimeUnit.SECONDS).outputs(), "ingest must not starve");
        assertTrue(gate.busy(), "the interactive batch was still running");
        primaryRunner.release.countDown();
    }

    @Test
    void cancelledAndExpiredInteractiveWorkLeavesTheGate() throws Exception {
        primary.submit(List.of(InferenceBatcherTest.item(1, 4)), Priority.INTERACTIVE, Deadline.NONE);
        assertTrue(primaryRunner.entered.await(5, TimeUnit.SECONDS));
        Submission<Long> queued = primary.submit(List.of(InferenceBatcherTest.item(5, 4), InferenceBatcherTest.item(6, 4)),
                Priority.INTERACTIVE, Deadline.NONE);
        assertEquals(3, gate.interactiveItems());
        primary.cancel(queued);
        assertEquals(1, gate.interactiveItems());
        primaryRunner.release.countDown();
        Eventually.until(Duration.ofSeconds(5), () -> !gate.busy(), "the running batch leaves the gate");
        assertEquals(0, gate.interactiveItems());
    }
}

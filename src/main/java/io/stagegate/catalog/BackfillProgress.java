package io.stagegate.catalog;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.index.Ingestor;
import java.util.concurrent.atomic.AtomicInteger;

/** How far one background backfill (of a runtime pair, or of a checkpoint version) has come, for status and metrics. */
final class BackfillProgress implements Ingestor.Progress {
    enum State { BACKFILLING, READY, FAILED }

    final int version;
    final int total;
    private final AtomicInteger done = new AtomicInteger();
    private volatile State state = State.BACKFILLING;
    private volatile String error;

    /** @param total documents missing when it started */
    BackfillProgress(int version, int total) {
        this.version = version;
        this.total = Math.max(0, total);
    }

    @Override
    public void advanced(int documents) {
        done.addAndGet(documents);
    }

    void ready() {
        state = State.READY;
    }

    /** Keeps what a user can act on: the message of an expected failure, the whole exception of an unexpected one. */
    void failed(RuntimeException e) {
        error = e instanceof StagegateException se && se.kind() != ErrorKind.INTERNAL ? se.getMessage() : e.toString();
        state = State.FAILED;
    }

    int done() {
        return done.get();
    }

    State state() {
        return state;
    }

    boolean running() {
        return state == State.BACKFILLING;
    }

    String error() {
        return error;
    }

    int remaining() {
        return Math.max(0, total - done.get());
    }
}

package io.stagegate.cli;

import io.stagegate.index.Ingestor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Items done, rate and ETA: redrawn in place on a terminal, a plain line every 10% otherwise (logs, CI).
 */
final class ProgressBar implements Ingestor.Progress {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private long done;
    private long lastDraw;
    private int lastDecile = -1;

    ProgressBar(String label, long total, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    static ProgressBar onStderr(String label, long total) {
        return new ProgressBar(label, total, System.err, System.console() != null, System::nanoTime);
    }

    @Override
    public synchronized void advanced(int n) {
        done += n;
        long now = nanoTime.getAsLong();
        int decile = (int) (10 * done / total);
        if (terminal && (now - lastDraw > 200_000_000L || done >= total)) {
            lastDraw = now;
            out.print("\r" + line(now));
            if (done >= total) {
                out.println();
            }
        } else if (!terminal && decile != lastDecile) {
            lastDecile = decile;
            out.println(line(now));
        }
    }

    /** For callers that count completed items rather than increments. */
    synchronized void advancedTo(int completed) {
        advanced((int) (completed - done));
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        long eta = rate > 0 ? (long) ((total - Math.min(done, total)) / rate) : 0;
        int width = 30;
        int filled = (int) (width * Math.min(done, total) / total);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d  %.1f/s  ETA %d:%02d", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, rate, eta / 60, eta % 60);
    }
}

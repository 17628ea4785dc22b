import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop and open-loop HTTP load against a Stagegate on loopback. JDK only; bounded in time; used by the
 * benchmark drivers in this folder. Reads the server's Server-Timing header (queue;dur, inference;dur).
 */
public final class LoadClient {
    private static final Pattern TIMING = Pattern.compile("([a-z-]+);dur=([0-9.]+)");

    public record Summary(String label, int concurrency, double seconds, long ok, long refused, long failed, double rps,
                          double p50, double p95, double p99, double refusedP99, double meanQueueMs,
                          double meanInferenceMs) {
        String row(double itemsPerRequest) {
            return String.format(Locale.ROOT, "| %-28s | %4d | %8.1f | %8.1f | %7.1f | %7.1f | %7.1f | %6d | %7.1f | %7.1f |",
                    label, concurrency, rps, rps * itemsPerRequest, p50, p95, p99, refused, meanQueueMs, meanInferenceMs);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final URI uri;

    public LoadClient(String url) {
        this.uri = URI.create(url);
    }

    private final class Recorder {
        final List<Double> ok = Collections.synchronizedList(new ArrayList<>());
        final List<Double> refused = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong failed = new AtomicLong();
        final AtomicLong queueMicros = new AtomicLong();
        final AtomicLong inferenceMicros = new AtomicLong();

        /** Sends one request; returns the Retry-After seconds on 429, else 0. */
        long send(String body) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - start) / 1e6;
                if (r.statusCode() == 200) {
                    ok.add(ms);
                    Matcher m = TIMING.matcher(r.headers().firstValue("Server-Timing").orElse(""));
                    while (m.find()) {
                        long micros = (long) (Double.parseDouble(m.group(2)) * 1000);
                        if (m.group(1).endsWith("queue")) {
                            queueMicros.addAndGet(micros);
                        } else if (m.group(1).endsWith("inference")) {
                            inferenceMicros.addAndGet(micros);
                        }
                    }
                } else if (r.statusCode() == 429) {
                    refused.add(ms);
                    return Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"));
                } else {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
            return 0;
        }

        Summary summary(String label, int concurrency, double seconds) {
            List<Double> sorted = new ArrayList<>(ok);
            Collections.sort(sorted);
            List<Double> ref = new ArrayList<>(refused);
            Collections.sort(ref);
            long n = sorted.size();
            return new Summary(label, concurrency, seconds, n, ref.size(), failed.get(), n / seconds, pct(sorted, 50),
                    pct(sorted, 95), pct(sorted, 99), pct(ref, 99), n == 0 ? 0 : queueMicros.get() / 1000.0 / n,
                    n == 0 ? 0 : inferenceMicros.get() / 1000.0 / n);
        }
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** {@code concurrency} clients, each sending its next request when the previous answers (honouring Retry-After). */
    public Summary closedLoop(String label, int concurrency, double seconds, IntFunction<String> bodies) throws Exception {
        return closedLoop(label, concurrency, seconds, bodies, true);
    }

    /**
     * Like {@link #closedLoop(String, int, double, IntFunction)}, but with clients that may ignore Retry-After and ask
     * again at once after a 429: the retry storm that overload protection must survive.
     */
    public Summary closedLoop(String label, int concurrency, double seconds, IntFunction<String> bodies, boolean polite)
            throws Exception {
        Recorder rec = new Recorder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong counter = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    long retry = rec.send(bodies.apply((int) counter.getAndIncrement()));
                    if (retry > 0 && polite) {
                        sleep(Math.min(retry * 1000, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        return rec.summary(label, concurrency, (System.nanoTime() - start) / 1e9);
    }

    /** Requests at a fixed arrival rate regardless of answers (how overload really arrives). */
    public Summary openLoop(String label, double perSecond, double seconds, IntFunction<String> bodies) throws Exception {
        Recorder rec = new Recorder();
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        List<Thread> inFlight = new ArrayList<>();
        for (int i = 0; System.nanoTime() - start < seconds * 1e9; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000);
            }
            String body = bodies.apply(i);
            inFlight.add(Thread.ofVirtual().start(() -> rec.send(body)));
        }
        for (Thread t : inFlight) {
            t.join();
        }
        return rec.summary(label, 0, seconds);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

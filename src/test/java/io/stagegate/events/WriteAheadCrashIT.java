package io.stagegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.testing.EventTopicsReader;
import io.stagegate.testing.GatewayProcess;
import io.stagegate.testing.KafkaBroker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 under load. The packaged gateway, with Kafka and write-ahead durability, serves searches and feedback to
 * several clients and is killed (SIGKILL) in the middle of the load, then started again on the same data directory.
 * Every search the clients got a 200 for has its query event on the topic (one distinct event_id per answered request
 * id), and every feedback event a 202 named is on the feedback topic. The same crash with buffered durability loses
 * events, which shows that the check can fail. Runs after {@code package} (failsafe), about a minute.
 */
class WriteAheadCrashIT {
    private static final int PORT = Integer.getInteger("sgtest.http-port", 18181);
    private static final int CLIENTS = 6;
    private static final Duration LOAD = Duration.ofSeconds(4);
    private static final Path WORK = Path.of("target/crash-it", Long.toString(System.currentTimeMillis(), 36))
            .toAbsolutePath();
    /** Both tests serve the same index (the demo corpus is indexed once); each has its own spool and topics. */
    private static final Path DATA = WORK.resolve("data");
    private static final List<String> QUERIES = List.of("how do plants make energy", "volcano eruption", "black holes",
            "honeybee waggle dance", "ocean tides and the moon", "antibiotic resistance", "plate tectonics");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void broker() {
        KafkaBroker.ensureRunning();
    }

    /**
     * Both modes gather events for 1 s (the default is 50 ms) before they ship, so a kill under load always finds events
     * on their way: in the spool (write-ahead), or in memory (buffered). -Dcrash.gather=50ms runs the defaults.
     */
    private static final String GATHER = "-Dstagegate.events.gather=" + System.getProperty("crash.gather", "1s");

    @Test
    void writeAheadLosesNoAnsweredEventWhenTheGatewayIsKilled() throws Exception {
        Outcome o = crash("write-ahead", List.of("-Dstagegate.events.durability=write-ahead", GATHER));
        assertTrue(o.answered > 20, "the load must have been served: " + o);
        assertTrue(o.spooledAtRestart > 0, "events must have been in flight at the kill: " + o);
        assertEquals(Set.of(), o.missingQueries, "every answered search has its event: " + o);
        assertEquals(o.answered, o.distinctEventsForAnswered, "one distinct event per answered search: " + o);
        assertEquals(Set.of(), o.missingFeedback, "every accepted feedback signal has its event: " + o);
    }

    @Test
    void bufferedLosesEventsWhenTheGatewayIsKilled() throws Exception {
        Outcome o = crash("buffered", List.of("-Dstagegate.events.durability=buffered", GATHER));
        assertTrue(o.answered > 20, "the load must have been served: " + o);
        assertFalse(o.missingQueries.isEmpty(), "buffered durability loses what is in memory at a kill: " + o);
    }

    private record Outcome(String mode, int answered, int answeredLastSecond, int feedbackAccepted, long spooledAtRestart,
                           Set<String> missingQueries, int distinctEventsForAnswered, int copiesForAnswered,
                           int eventsForUnanswered, Set<String> missingFeedback, int failedAfterKill) {
        @Override
        public String toString() {
            return String.format("%s: %d searches answered (%d in the last second before the kill), %d feedback events "
                            + "accepted, %d requests failed by the kill; restart found %d events in the spool; on the topics: "
                            + "%d distinct query events for answered searches (%d copies), %d missing, %d for searches "
                            + "never answered; %d accepted feedback events missing", mode, answered, answeredLastSecond,
                    feedbackAccepted, failedAfterKill, spooledAtRestart, distinctEventsForAnswered, copiesForAnswered,
                    missingQueries.size(), eventsForUnanswered, missingFeedback.size());
        }
    }

    private Outcome crash(String mode, List<String> durability) throws Exception {
        String topics = "crash-" + WORK.getFileName() + "-" + mode;
        List<String> settings = new ArrayList<>(List.of("-Dstagegate.data-dir=" + DATA,
                "-Dstagegate.events.spool.dir=" + WORK.resolve(mode + "-spool"),
                "-Dstagegate.pairs.default.embedder=all-minilm-l6-v2", "-Dstagegate.pairs.default.candidates=20",
                "-Dstagegate.events.kafka.bootstrap-servers=" + KafkaBroker.BOOTSTRAP,
                "-Dstagegate.events.topics.query=" + topics + ".query",
                "-Dstagegate.events.topics.feedback=" + topics + ".feedback",
                "-Dstagegate.events.topics.partitions=3"));
        settings.addAll(durability);
        Load load;
        try (GatewayProcess first = GatewayProcess.start(PORT, WORK.resolve(mode + "-1.log"), settings,
                Duration.ofMinutes(3))) {
            load = new Load(first, mode);
            load.start();
            Thread.sleep(LOAD.toMillis());
            long killedAt = System.nanoTime();
            first.kill();
            load.stop(killedAt);
        }
        long spooledAtRestart;
        try (GatewayProcess second = GatewayProcess.start(PORT, WORK.resolve(mode + "-2.log"), settings,
                Duration.ofMinutes(3))) {
            awaitShipped(second);
            spooledAtRestart = spooledAtStart(second.log());
        }
        return outcome(mode, load, topics, spooledAtRestart);
    }

    private Outcome outcome(String mode, Load load, String topics, long spooledAtRestart) {
        Map<String, Set<String>> eventsByQuery = new HashMap<>();
        int copies = 0;
        int unanswered = 0;
        for (ConsumerRecord<String, byte[]> r : EventTopicsReader.readToEnd(topics + ".query", Duration.ofSeconds(60))) {
            QueryEvent e = EventJson.read(r.value(), QueryEvent.class);
            if (load.answered.contains(e.queryId())) {
                eventsByQuery.computeIfAbsent(e.queryId(), k -> new HashSet<>()).add(e.eventId());
                copies++;
            } else {
                unanswered++;
            }
        }
        Set<String> missing = new HashSet<>(load.answered);
        missing.removeAll(eventsByQuery.keySet());
        Set<String> feedback = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : EventTopicsReader.readToEnd(topics + ".feedback", Duration.ofSeconds(60))) {
            feedback.add(EventJson.read(r.value(), FeedbackEvent.class).eventId());
        }
        Set<String> missingFeedback = new HashSet<>(load.feedback);
        missingFeedback.removeAll(feedback);
        Outcome o = new Outcome(mode, load.answered.size(), load.answeredLastSecond(), load.feedback.size(),
                spooledAtRestart, missing, eventsByQuery.values().stream().mapToInt(Set::size).sum(), copies, unanswered,
                missingFeedback, load.failed.get());
        System.out.println("crash test " + o);
        return o;
    }

    /** Waits until the restarted gateway's publisher holds nothing: what it will ever ship is on the topics. */
    private static void awaitShipped(GatewayProcess g) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String m = g.get("/q/metrics").map(HttpResponse::body).orElse("");
            if (metric(m, "stagegate_events_spool_pending") == 0 && metric(m, "stagegate_events_buffered") == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the restarted gateway did not ship its spool within 90 s; see " + g.log());
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }

    private static long spooledAtStart(Path log) throws IOException {
        Matcher m = Pattern.compile("holds (\\d+) events from an earlier run").matcher(Files.readString(log));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Closed-loop clients: a search, and for every third answered one a click on its first hit. */
    private static final class Load {
        private final GatewayProcess gateway;
        private final String client;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final AtomicBoolean running = new AtomicBoolean(true);
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final Set<String> feedback = ConcurrentHashMap.newKeySet();
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();
        private final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);

        Load(GatewayProcess gateway, String mode) {
            this.gateway = gateway;
            this.client = "crash-" + mode;
        }

        void start() {
            for (int t = 0; t < CLIENTS; t++) {
                int seed = t;
                pool.submit(() -> run(seed));
            }
        }

        void stop(long killedAt) throws InterruptedException {
            this.killedAt.set(killedAt);
            running.set(false);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }

        int answeredLastSecond() {
            long from = killedAt.get() - TimeUnit.SECONDS.toNanos(1);
            return (int) answeredAt.values().stream().filter(t -> t >= from).count();
        }

        private void run(int seed) {
            int i = seed;
            while (running.get()) {
                try {
                    String query = QUERIES.get(i++ % QUERIES.size());
                    JsonNode r = post("/v1/search", "{\"query\": \"" + query + "\", \"topN\": 3}", 200);
                    if (r == null) {
                        continue;
                    }
                    String id = r.get("requestId").asText();
                    answered.add(id);
                    answeredAt.put(id, System.nanoTime());
                    if (i % 3 == 0 && !r.get("hits").isEmpty()) {
                        JsonNode f = post("/v1/feedback", "{\"queryId\": \"" + id + "\", \"actionName\": \"click\", "
                                + "\"objectId\": \"" + r.get("hits").get(0).get("id").asText() + "\", \"position\": 1}", 202);
                        if (f != null) {
                            f.get("eventIds").forEach(e -> feedback.add(e.asText()));
                        }
                    }
                } catch (IOException e) {
                    // The kill: connections refused or cut. What was not answered is not counted.
                    failed.incrementAndGet();
                    sleep();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private JsonNode post(String path, String body, int expected) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json").header("X-Client-Id", client)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                failed.incrementAndGet();
                return null;
            }
            return JSON.readTree(r.body());
        }

        private static void sleep() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

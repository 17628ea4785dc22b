package io.stagegate.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Events, a MockProducer, waiting and log capture for the publisher tests. */
final class EventFixtures {
    static final EventTopics TOPICS = new EventTopics("q", "f", "t", "s");
    static final EventPublisher.Settings SETTINGS = new EventPublisher.Settings(1000, 500, Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(2));

    private EventFixtures() {
    }

    static FeedbackEvent click(int n) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, "e-" + n, "q-" + n, "click", "d-" + n, 1, null, null, null,
                "2026-11-26T10:00:00Z");
    }

    static MockProducer<String, byte[]> mock(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The lines a logger writes at INFO and above while open (JBoss LogManager is the JUL manager in tests). */
    static final class LogLines extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<String> lines = new ArrayList<>();

        LogLines(Class<?> source) {
            logger = Logger.getLogger(source.getName());
            setLevel(Level.INFO);
            logger.addHandler(this);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : record.getMessage();
                lines.add(record.getLevel() + " " + message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}

package io.stagegate.mining;

import io.stagegate.config.KafkaProducers;
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.EventJson;
import io.stagegate.events.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes training events keyed by query id, with the same guarantees as every other Stagegate event. */
public final class TrainingPublisher {
    private TrainingPublisher() {
    }

    /**
     * Sends all, waits for every acknowledgement, and fails naming the first event that was not written. The producer
     * is the gateway's ({@link io.stagegate.config.KafkaProducers#create}), so security and compression settings apply.
     */
    public static int publish(String bootstrapServers, StagegateConfig.KafkaConfig settings, String topic,
                       List<TrainingEvent> events) throws InterruptedException {
        try (Producer<String, byte[]> producer = KafkaProducers.create(bootstrapServers, settings)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
            for (TrainingEvent e : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, e.queryId(), EventJson.bytes(e))));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (ExecutionException ex) {
                    throw new IllegalStateException("publishing training event " + events.get(i).eventId() + " to " + topic
                            + " failed after " + i + " were written: " + ex.getCause().getMessage(), ex.getCause());
                }
            }
            return sent.size();
        }
    }
}

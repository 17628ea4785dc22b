package io.stagegate.mining;

import io.stagegate.events.EventJson;
import io.stagegate.events.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes training events keyed by query id, with the same guarantees as every other Stagegate event. */
final class TrainingPublisher {
    private TrainingPublisher() {
    }

    /** Sends all, waits for every acknowledgement, and fails naming the first event that was not written. */
    static int publish(String bootstrapServers, String topic, List<TrainingEvent> events)
            throws InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "stagegate-mine");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
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

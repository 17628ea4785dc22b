package io.stagegate.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one way {@code stagegate.events.kafka.*} becomes a Kafka producer (events, the documents topic, the miner's
 * training topic), so security, compression and timeouts apply everywhere alike.
 */
public final class KafkaProducers {
    private KafkaProducers() {
    }

    /** The one producer configuration every Stagegate event goes out with (the miner's training events too). */
    public static Producer<String, byte[]> create(String servers, StagegateConfig.KafkaConfig k) {
        Map<String, Object> props = new HashMap<>(k.producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, k.clientId());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, k.compression().kafkaName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) k.linger().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) k.requestTimeout().toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) k.deliveryTimeout().toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, k.maxBlock().toMillis());
        // Reconnect quickly after a broker restart: the default backoff grows to 1 s.
        props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

}

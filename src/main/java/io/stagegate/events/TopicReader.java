package io.stagegate.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A bounded read of whole topics: every partition from the beginning up to the end offsets taken at start, then stop.
 * No consumer group and no committed offsets, so a run never disturbs other consumers and a rerun reads the same
 * events again (the miner and the experiment report are idempotent over them).
 */
public final class TopicReader {
    private final String bootstrapServers;
    private final Duration stallTimeout;

    public TopicReader(String bootstrapServers, Duration stallTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.stallTimeout = stallTimeout;
    }

    /** @return records read */
    public long read(List<String> topics, Consumer<byte[]> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "stagegate-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, stallTimeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("topic " + topic + " does not exist on " + bootstrapServers);
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, stallTimeout));
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), stallTimeout) >= e.getValue());
            long read = 0;
            long lastProgress = System.nanoTime();
            while (!end.isEmpty()) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long stop = end.get(tp);
                    if (stop != null && r.offset() < stop && r.value() != null) {
                        sink.accept(r.value());
                        read++;
                    }
                }
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), stallTimeout) >= e.getValue());
                if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                    throw new IllegalStateException("no records from " + bootstrapServers + " for " + stallTimeout.toSeconds()
                            + " s with " + end.size() + " partition(s) not yet read to their end offsets " + end);
                }
            }
            return read;
        }
    }
}

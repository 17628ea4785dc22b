package io.stagegate.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates missing event topics with the configured partitions, off the startup path: a broker that is down must not
 * delay serving (events spool meanwhile, and brokers that auto-create topics still work).
 */
public final class TopicCreator {
    private static final Logger LOG = Logger.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    public static void ensureInBackground(String servers, Map<String, String> clientProps, EventTopics topics,
                                          int partitions, short replication) {
        Thread.ofVirtual().name("stagegate-topic-creator").start(() -> ensure(servers, clientProps, topics, partitions,
                replication));
    }

    static void ensure(String servers, Map<String, String> clientProps, EventTopics topics, int partitions,
                       short replication) {
        Map<String, Object> props = adminProps(servers, clientProps);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.all().stream()
                    .filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, partitions, replication)).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created event topics %s (%d partitions, replication %d)",
                        missing.stream().map(NewTopic::name).toList(), partitions, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            LOG.warnf("could not check or create the event topics on %s (%s); events spool until Kafka answers", servers,
                    e.toString());
        }
    }

    /**
     * Creates {@code topic} with log compaction if it is missing (the replicated corpus: the latest record of each key
     * is kept for ever), and warns when an existing one is not compacted. Blocking; throws when Kafka does not answer.
     */
    public static void ensureCompacted(String servers, Map<String, String> clientProps, String topic, int partitions,
                                       short replication) throws Exception {
        try (Admin admin = Admin.create(adminProps(servers, clientProps))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replication)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                            .all().get(30, TimeUnit.SECONDS);
                    LOG.infof("created compacted topic %s (%d partitions, replication %d)", topic, partitions, replication);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            var policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warnf("topic %s has cleanup.policy=%s, not compact: once retention deletes old records, a new replica "
                        + "no longer finds the whole corpus in it", topic, policy == null ? "?" : policy.value());
            }
        }
    }

    private static Map<String, Object> adminProps(String servers, Map<String, String> clientProps) {
        Map<String, Object> props = new HashMap<>();
        // Security settings given for the producer apply to the admin client too; producer-only keys are dropped.
        clientProps.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }
}

package io.stagegate.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
        Map<String, Object> props = new HashMap<>();
        // Security settings given for the producer apply to the admin client too; producer-only keys are dropped.
        clientProps.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
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
}

package io.stagegate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points every @QuarkusTest app at the real test broker, starting it first when needed. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("stagegate.events.kafka.bootstrap-servers", KafkaBroker.ensureRunning());
    }

    @Override
    public void stop() {
        // The broker outlives one app: other test classes and their restarts of the app reuse it.
    }
}

package io.stagegate.observe;

import io.stagegate.events.EventSink;
import io.stagegate.events.SpoolingSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Events: UP while Kafka takes them; UP with {@code degraded} data while they wait in the spool (searches are served
 * and nothing is lost); DOWN only while events are being dropped because the spool is full. A replica whose spool is
 * full stops taking traffic, so its searches go where they are still recorded.
 */
@Readiness
@ApplicationScoped
public class EventsHealthCheck implements HealthCheck {
    @Inject
    Instance<EventSink> sink;

    @Override
    public HealthCheckResponse call() {
        return response(sink.get());
    }

    static HealthCheckResponse response(EventSink sink) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("events");
        if (!(sink instanceof SpoolingSink s)) {
            return b.up().withData("mode", "off").build();
        }
        SpoolingSink.Health h = s.health();
        b.status(h.status() != SpoolingSink.Status.DOWN)
                .withData("durability", s.durability().wire())
                .withData("kafka", !s.kafkaConfigured() ? "not configured" : s.kafkaFailing() ? "unavailable" : "accepting")
                .withData("pending", s.spool().pendingRecords())
                .withData("spoolBytes", s.spool().diskBytes());
        switch (h.status()) {
            case DEGRADED -> b.withData("degraded", h.summary());
            case DOWN -> b.withData("down", h.summary());
            case UP -> { }
        }
        return b.build();
    }
}

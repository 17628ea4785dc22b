package io.stagegate.api.grpc;

import io.stagegate.serving.BodyLimit;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The Vert.x gRPC transport refuses a message over its size limit with RESOURCE_EXHAUSTED and no message at all, below
 * any interceptor. This names the limit and its setting on that answer, the way HTTP's 413 does. The limit itself is
 * the HTTP body limit (application.properties sets quarkus.grpc.server.max-inbound-message-size from it).
 */
@ApplicationScoped
public class GrpcSizeLimit {
    @Inject
    BodyLimit limit;

    void install(@Observes Router router) {
        String message = StatusMessages.encode("request message is larger than the " + limit.maxBytes()
                + "-byte limit (stagegate.limits.max-body-bytes, which also sets quarkus.grpc.server.max-inbound-message-size)");
        router.route().order(-10_000).handler(context -> {
            String type = context.request().getHeader("content-type");
            if (type != null && type.startsWith("application/grpc")) {
                HttpServerResponse response = context.response();
                response.headersEndHandler(v -> {
                    MultiMap headers = response.headers();
                    if ("8".equals(headers.get("grpc-status")) && headers.get("grpc-message") == null) {
                        headers.set("grpc-message", message);
                    }
                });
            }
            context.next();
        });
    }
}

package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.security.ApiKeys;
import io.stagegate.security.Role;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Which role each endpoint needs, checked before the body is read: admin for /v1/admin/* and ingest, search for
 * search, embeddings, rerank and document reads, feedback for feedback. Whether a key is required at all is
 * {@link ApiKeys}' decision.
 */
public class AccessFilter {
    /** Resolved on first use: filters are built at static init, before runtime configuration exists. */
    @Inject
    jakarta.enterprise.inject.Instance<ApiKeys> keys;

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request, HttpServerRequest http) {
        Role role = role(request.getMethod(), request.getUriInfo().getPath());
        if (role == null) {
            return null;
        }
        try {
            keys.get().check(role, request.getHeaderString("Authorization"), loopback(http));
            return null;
        } catch (StagegateException e) {
            Response problem = ErrorMapper.problem(e.kind(), e.getMessage(), RequestIds.of(request));
            return e.kind() == io.stagegate.ErrorKind.UNAUTHENTICATED
                    ? Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build() : problem;
        }
    }

    static Role role(String method, String path) {
        if (path.startsWith("/v1/admin/") || path.equals("/v1/admin")) {
            return Role.ADMIN;
        }
        if (path.startsWith("/v1/documents")) {
            return "GET".equals(method) ? Role.SEARCH : Role.ADMIN;
        }
        if (path.startsWith("/v1/search") || path.equals("/v1/embeddings") || path.equals("/v1/rerank")) {
            return Role.SEARCH;
        }
        if (path.equals("/v1/feedback")) {
            return Role.FEEDBACK;
        }
        return null;
    }

    private static boolean loopback(HttpServerRequest http) {
        if (http == null || http.remoteAddress() == null || http.remoteAddress().hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(http.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

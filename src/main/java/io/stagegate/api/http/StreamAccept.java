package io.stagegate.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A stream request that states no preference (no Accept, or only wildcards, as curl sends) gets Server-Sent Events,
 * as documented; left to content negotiation, the two stream methods tie and either could answer.
 */
public class StreamAccept {
    @ServerRequestFilter(preMatching = true)
    public void preferSse(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/search/stream")) {
            return;
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank() || onlyWildcards(accept)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        }
    }

    private static boolean onlyWildcards(String accept) {
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim();
            if (!type.equals("*/*") && !type.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}

package io.stagegate.api.http;

import io.stagegate.CheckpointPair;
import io.stagegate.Deadline;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
import io.stagegate.config.StagegateConfig;
import io.stagegate.pipeline.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Turns a search body into a validated request against its pair, for the unary and the streaming endpoint. */
@ApplicationScoped
public class SearchRequests {
    @Inject
    Gateway gateway;

    @Inject
    StagegateConfig config;

    SearchRequest from(SearchBody body, String requestId) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a JSON object with at least a 'query' field");
        }
        CheckpointPair pair = gateway.pair(body.pair() == null ? gateway.defaultPair() : body.pair());
        return SearchRequest.resolve(requestId, body.query(), Optional.ofNullable(body.topN()),
                Optional.ofNullable(body.candidates()), pair, body.includeText() == null || body.includeText(),
                deadline(body.timeoutMs()));
    }

    int maxQueryTokens(String pairId) {
        return gateway.embedder(gateway.pair(pairId).embedder()).embedder().spec().maxLength();
    }

    private Deadline deadline(Long timeoutMs) {
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > 600_000)) {
            throw StagegateException.invalid("timeoutMs must be 1..600000, was " + timeoutMs);
        }
        long nanos = timeoutMs != null ? timeoutMs * 1_000_000L : config.http().defaultTimeout().toNanos();
        return Deadline.after(System.nanoTime(), nanos);
    }
}

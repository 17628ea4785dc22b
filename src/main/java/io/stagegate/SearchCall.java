package io.stagegate;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A search as a transport parsed it, before routing: what the caller asked for and nothing the gateway decided yet
 * (pair defaults, deadline, arm). Field checks that need the pair happen in {@code serving.SearchService}.
 *
 * @param pair    a pair the caller names (served as asked, recorded as forced); empty lets routing decide
 * @param timeout how long the caller will wait; empty takes the configured default
 * @param filter  the metadata condition results must meet, or null
 */
public record SearchCall(String requestId, String query, Optional<Integer> topN, Optional<Integer> candidates,
                         Optional<String> pair, boolean includeText, Optional<Duration> timeout, Caller caller,
                         Transport transport, Filter filter) {
    /** A call without a filter. */
    public SearchCall(String requestId, String query, Optional<Integer> topN, Optional<Integer> candidates,
                      Optional<String> pair, boolean includeText, Optional<Duration> timeout, Caller caller,
                      Transport transport) {
        this(requestId, query, topN, candidates, pair, includeText, timeout, caller, transport, null);
    }

    public SearchCall {
        Objects.requireNonNull(requestId, "requestId");
        topN = topN == null ? Optional.empty() : topN;
        candidates = candidates == null ? Optional.empty() : candidates;
        pair = pair == null ? Optional.empty() : pair.filter(p -> !p.isEmpty());
        timeout = timeout == null ? Optional.empty() : timeout;
        caller = caller == null ? Caller.UNKNOWN : caller;
        Objects.requireNonNull(transport, "transport");
    }
}

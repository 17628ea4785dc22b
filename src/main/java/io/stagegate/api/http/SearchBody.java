package io.stagegate.api.http;

/**
 * POST /v1/search body as sent; absent fields take the pair's defaults. {@code filter}: the JSON shape of
 * {@link io.stagegate.Filter}, as Jackson reads it (maps, lists, strings, numbers, booleans).
 */
public record SearchBody(String query, Integer topN, Integer candidates, String pair, Boolean includeText, Long timeoutMs,
                         Object filter) {
    public SearchBody(String query, Integer topN, Integer candidates, String pair, Boolean includeText, Long timeoutMs) {
        this(query, topN, candidates, pair, includeText, timeoutMs, null);
    }
}

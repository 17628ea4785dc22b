package io.stagegate.api.http;

/** POST /v1/search body as sent; absent fields take the pair's defaults. */
public record SearchBody(String query, Integer topN, Integer candidates, String pair, Boolean includeText, Long timeoutMs) {
}

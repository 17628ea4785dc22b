package io.stagegate.api.http;

/** The JSON body of every error response. */
public record Problem(String error, String message, String requestId) {
}

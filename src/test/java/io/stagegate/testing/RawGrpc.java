package io.stagegate.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC client at the byte level (HTTP/2 cleartext with prior knowledge): sends any frame, well-formed or not, and
 * returns the status and the raw grpc-message header exactly as it crossed the wire, undecoded, which is what a
 * client in another language (grpc-js, grpc-go) reads.
 */
public final class RawGrpc implements AutoCloseable {
    private final HttpClient client;
    private final int port;

    /** The call's outcome; {@code message} is the raw grpc-message value (null when absent). */
    public record Answer(String status, String message, int bodyBytes) {
    }

    public RawGrpc(Vertx vertx, int port) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setDefaultHost("localhost").setDefaultPort(port));
        this.port = port;
    }

    /** One length-prefixed, uncompressed gRPC message frame around {@code payload}. */
    public static byte[] frame(byte[] payload) {
        byte[] out = new byte[5 + payload.length];
        out[1] = (byte) (payload.length >>> 24);
        out[2] = (byte) (payload.length >>> 16);
        out[3] = (byte) (payload.length >>> 8);
        out[4] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 5, payload.length);
        return out;
    }

    public Answer call(String method, byte[] body, Map<String, String> metadata) {
        try {
            return client.request(HttpMethod.POST, port, "localhost", "/stagegate.v1.Stagegate/" + method)
                    .compose(request -> {
                        request.putHeader("content-type", "application/grpc").putHeader("te", "trailers");
                        metadata.forEach(request::putHeader);
                        return request.send(Buffer.buffer(body));
                    })
                    .compose(response -> response.body().map(b -> {
                        var where = response.trailers().get("grpc-status") != null ? response.trailers() : response.headers();
                        return new Answer(where.get("grpc-status"), where.get("grpc-message"), b.length());
                    }))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("raw gRPC call " + method + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

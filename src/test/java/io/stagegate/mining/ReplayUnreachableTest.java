package io.stagegate.mining;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayUnreachableTest {
    @Test
    void refusesToStartWhenNothingAnswersAtTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            GatewayClient client = new GatewayClient(http, "http://127.0.0.1:" + port, Duration.ofSeconds(2));
            var e = assertThrows(IllegalStateException.class, client::checkReachable);
            assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("--url"), e.getMessage());
        }
    }
}

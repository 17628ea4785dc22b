package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** A line a request causes carries the request id in its logging context (and so in the console format's %X). */
@QuarkusTest
class LoggingContextTest {

    @Test
    void aLineLoggedWhileServingARequestCarriesItsRequestId() {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord r && r.getLoggerName().startsWith("io.stagegate")) {
                    r.copyMdc();
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        org.jboss.logmanager.Logger root = org.jboss.logmanager.Logger.getLogger("");
        root.addHandler(handler);
        try {
            given().header("X-Request-Id", "promote-req-1").post("/v1/admin/pairs/rerank/promote").then().statusCode(200);
            given().header("X-Request-Id", "promote-req-2").post("/v1/admin/pairs/default/promote").then().statusCode(200);
        } finally {
            root.removeHandler(handler);
        }
        List<ExtLogRecord> promoted = records.stream().filter(r -> r.getMessage().contains("promoted to default")).toList();
        assertEquals(2, promoted.size(), records.stream().map(LogRecord::getMessage).toList().toString());
        assertEquals("promote-req-1", promoted.get(0).getMdc("requestId"));
        assertEquals("promote-req-2", promoted.get(1).getMdc("requestId"));
    }
}

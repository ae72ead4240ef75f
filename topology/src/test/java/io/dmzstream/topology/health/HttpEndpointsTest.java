package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.testing.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final InstanceHealth health = new InstanceHealth(state::get, () -> true);

    @Test
    void servesMetricsAndHealthAnswersWithStatusCodes() throws Exception {
        try (HttpEndpoints http = HttpEndpoints.start(0, () -> "# TYPE x gauge\nx 1.0\n", health)) {
            int port = http.port();
            assertTrue(port > 0);
            HttpResponse<String> metrics = Http.get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals("# TYPE x gauge\nx 1.0\n", metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));

            HttpResponse<String> ready = Http.get(port, "/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"reason\":\"kafka streams CREATED\"}", ready.body());
            assertEquals(200, Http.get(port, "/health/live").statusCode());
            state.set(State.RUNNING);
            assertEquals(200, Http.get(port, "/health/ready").statusCode());
            state.set(State.ERROR);
            assertEquals(503, Http.get(port, "/health/live").statusCode());

            assertEquals(404, Http.get(port, "/health/readyish").statusCode());
            assertEquals(404, Http.get(port, "/").statusCode());
            assertEquals(405, Http.send(port, "/metrics", "POST").statusCode());
            HttpResponse<String> head = Http.send(port, "/metrics", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());

            http.close();
            assertThrows(IOException.class, () -> Http.get(port, "/health/live"));
        }
    }
}

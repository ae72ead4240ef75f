package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void slowClientsCannotHoldUpTheLivenessProbe() throws Exception {
        try (HttpEndpoints http = HttpEndpoints.start(0, () -> "", health)) {
            int port = http.port();
            // several clients that send their request line byte by byte and never finish
            List<Socket> slow = openSlowClients(port, 6, "G");
            try {
                Thread dribble = new Thread(() -> dribble(slow, "ET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                dribble.setDaemon(true);
                dribble.start();
                Thread.sleep(300);
                HttpResponse<String> live = Http.get(port, "/health/live");
                assertEquals(200, live.statusCode(), live.body());
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void manyMoreSlowClientsThanTheOldEightThreadsStillLeaveRoomForTheProbe() throws Exception {
        // the chaos suite's long profile: 64 connections that never finish a request, each holding
        // a thread until the request timeout; the pool grows to its bound instead of queueing the probe
        try (HttpEndpoints http = HttpEndpoints.start(0, () -> "", health)) {
            List<Socket> slow = openSlowClients(http.port(), 64, "GET /metrics HTTP/1.1\r\nX-Slow: ");
            try {
                Thread.sleep(300);
                HttpResponse<String> live = Http.get(http.port(), "/health/live");
                assertEquals(200, live.statusCode(), live.body());
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** Connections that send the start of a request and never finish it. */
    private static List<Socket> openSlowClients(int port, int count, String start) throws IOException {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }
        return slow;
    }

    private static void dribble(List<Socket> sockets, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; ; i = Math.min(i + 1, bytes.length - 1)) {
                for (Socket s : sockets) {
                    OutputStream out = s.getOutputStream();
                    out.write(bytes[i]);
                    out.flush();
                }
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the server closed them, or the test is over
        }
    }

    @Test
    void anExchangeThatOverrunsTheRequestTimeoutIsClosedAndFreesItsThread() throws Exception {
        // one thread only: the probe can only be answered once the timeout has freed it from the slow client
        try (HttpEndpoints http = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, 1, Duration.ofMillis(300)),
                () -> "", health)) {
            int port = http.port();
            try (Socket slow = new Socket("127.0.0.1", port)) {
                slow.getOutputStream().write("GET /health/live HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                slow.setSoTimeout(30_000);
                InputStream in = slow.getInputStream();
                assertEquals(-1, in.read(), "the server closes an exchange that never finishes its headers");
                HttpResponse<String> live = Http.get(port, "/health/live");
                assertEquals(200, live.statusCode(), live.body());
            }
        }
    }

    @Test
    void bindsTheConfiguredAddressOnly() throws Exception {
        try (HttpEndpoints http = HttpEndpoints.start(new HttpSettings("127.0.0.1", 0, 2, Duration.ofSeconds(5)),
                () -> "", health)) {
            assertEquals("127.0.0.1", http.address().getAddress().getHostAddress());
            assertEquals(200, Http.get(http.port(), "/health/live").statusCode());
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HttpEndpoints.start(
                new HttpSettings("no-such-host.invalid", 0, 2, Duration.ofSeconds(5)), () -> "", health));
        assertTrue(e.getMessage().contains("http.bind.address"), e.getMessage());
    }
}

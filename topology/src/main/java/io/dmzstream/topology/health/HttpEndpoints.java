package io.dmzstream.topology.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoints on the JDK's built-in server (no web framework for three paths):
 * <ul>
 *   <li>{@code /metrics}: Prometheus text format;</li>
 *   <li>{@code /health/live}: 200 while the process works and its stream threads are not dead;</li>
 *   <li>{@code /health/ready}: 200 only when Kafka Streams is RUNNING and the models are loaded,
 *       else 503; both answer {@code {"status":..., "reason":...}}.</li>
 * </ul>
 * Binds every interface (probes and Prometheus come from outside the container).
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param port    0 picks a free port (see {@link #port()})
     * @param metrics renders the metrics page
     */
    public static HttpEndpoints start(int port, Supplier<String> metrics, InstanceHealth health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on http.port " + port + ": " + e.getMessage(), e);
        }
        // two threads: a slow scrape must not hold up a probe
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dmz-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try {
                String path = exchange.getRequestURI().getPath();
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, JSON, "{\"error\":\"method not allowed\"}");
                } else if (METRICS.equals(path)) {
                    send(exchange, 200, PROMETHEUS_TEXT, metrics.get());
                } else if (LIVE.equals(path)) {
                    sendStatus(exchange, health.live());
                } else if (READY.equals(path)) {
                    sendStatus(exchange, health.ready());
                } else {
                    send(exchange, 404, JSON, "{\"error\":\"not found\",\"paths\":[\"" + METRICS + "\",\"" + LIVE
                            + "\",\"" + READY + "\"]}");
                }
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} failed", exchange.getRequestURI(), e);
                throw e;
            } finally {
                exchange.close();
            }
        });
        server.start();
        HttpEndpoints endpoints = new HttpEndpoints(server, executor);
        LOG.info("HTTP endpoints on port {}: {}, {}, {}", endpoints.port(), METRICS, LIVE, READY);
        return endpoints;
    }

    /** The port served (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void sendStatus(HttpExchange exchange, HealthStatus status) throws IOException {
        send(exchange, status.up() ? 200 : 503, JSON, status.json());
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}

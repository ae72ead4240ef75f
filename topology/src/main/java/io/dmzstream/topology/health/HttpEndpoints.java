package io.dmzstream.topology.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * Binds {@code http.bind.address} (every interface by default: probes and Prometheus come from
 * outside the container). Exchanges run on {@code http.threads} threads, each for at most
 * {@code http.request.timeout.ms} (see {@link ExchangeExecutor}), so slow clients cannot block the
 * probes.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String METRICS = "/metrics";
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExchangeExecutor executor;

    private HttpEndpoints(HttpServer server, ExchangeExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on every interface with the default threads and timeout. */
    public static HttpEndpoints start(int port, Supplier<String> metrics, InstanceHealth health) {
        return start(HttpSettings.onPort(port), metrics, health);
    }

    /**
     * Starts serving.
     *
     * @param settings where ({@code port} 0 picks a free port, see {@link #port()}), threads, timeout
     * @param metrics  renders the metrics page
     */
    public static HttpEndpoints start(HttpSettings settings, Supplier<String> metrics, InstanceHealth health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(cannotListen(settings, e), e);
        }
        ExchangeExecutor executor = new ExchangeExecutor(settings.threads(), settings.requestTimeout());
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
        LOG.info("HTTP endpoints on {}:{}: {}, {}, {} ({} threads, {} ms per exchange)", settings.bindAddress(),
                endpoints.port(), METRICS, LIVE, READY, settings.threads(), settings.requestTimeout().toMillis());
        return endpoints;
    }

    private static String cannotListen(HttpSettings settings, Exception e) {
        return "cannot listen on " + settings.bindAddress() + ":" + settings.port() + " (http.bind.address, http.port): "
                + e;
    }

    /** The address served. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port served (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
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

package io.dmzstream.schemas.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of the real (unauthenticated) test registry that demands HTTP basic
 * auth, as a registry behind an API gateway does: requests with the right {@code Authorization}
 * header are forwarded, others get 401. {@link #stop()} and {@link #start()} (same port) play a
 * registry outage without losing the registry's in-memory schemas.
 */
public final class AuthenticatingProxy implements AutoCloseable {

    private final URI upstream;
    private final String expectedAuthorization;
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private int port;
    private HttpServer server;

    /** @param upstreamUrl the registry's Confluent API base, e.g. http://127.0.0.1:PORT/apis/ccompat/v7 */
    public AuthenticatingProxy(String upstreamUrl, String user, String password) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        start();
    }

    /** The proxy's base URL: same path as the registry's, another port. */
    public String url() {
        return "http://127.0.0.1:" + port + upstream.getRawPath();
    }

    public int forwarded() {
        return forwarded.get();
    }

    public int refused() {
        return refused.get();
    }

    /** Listens (again, on the same port after {@link #stop()}). */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                break;
            } catch (BindException stillClosing) {
                if (System.nanoTime() > deadline) {
                    throw stillClosing;
                }
                sleep(100);
            }
        }
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening: connections are refused, as when the registry is down. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                reply(exchange, 401, "application/json", "{\"error_code\":40101,\"message\":\"Unauthorized\"}"
                    .getBytes(StandardCharsets.UTF_8));
                return;
            }
            forwarded.incrementAndGet();
            URI target = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority()
                + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .method(exchange.getRequestMethod(), body.length == 0
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : new String[] {"Content-Type", "Accept"}) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = forwarder.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(exchange, 502, "text/plain", new byte[0]);
                return;
            }
            reply(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                response.body());
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.dmzstream.schemas.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers scripted responses in order (the last one repeats) and
 * records every request, to check what the registry client sends and how it reacts.
 */
public final class FakeRegistryServer implements AutoCloseable {

    public record Request(String method, String rawPath, String contentType, String authorization, String body) {
    }

    public record Response(int status, String body, long delayMs, Map<String, String> headers) {
        public Response(int status, String body, long delayMs) {
            this(status, body, delayMs, Map.of("Content-Type", "application/vnd.schemaregistry.v1+json"));
        }

        public static Response json(int status, String body) {
            return new Response(status, body, 0);
        }

        public static Response html(int status, String body) {
            return new Response(status, body, 0, Map.of("Content-Type", "text/html"));
        }

        public static Response redirect(int status, String location) {
            return new Response(status, "", 0, Map.of("Location", location));
        }
    }

    private final HttpServer server;
    private final Deque<Response> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeRegistryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized FakeRegistryServer answer(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"), body));
        Response response;
        synchronized (this) {
            response = script.size() > 1 ? script.poll() : script.peek();
        }
        if (response == null) {
            response = Response.json(500, "{\"error_code\":50001,\"message\":\"no scripted answer\"}");
        }
        if (response.delayMs() > 0) {
            try {
                Thread.sleep(response.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach(exchange.getResponseHeaders()::add);
        try {
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException clientGone) {
            // the client timed out and hung up: expected in the timeout test
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

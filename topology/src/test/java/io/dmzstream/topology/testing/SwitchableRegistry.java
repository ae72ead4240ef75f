package io.dmzstream.topology.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback schema registry speaking the part of the Confluent API the serdes use (register,
 * look up, get by id), kept in memory, that can be switched off: while off it answers 503 to
 * everything, as a registry behind a failing load balancer does.
 */
public final class SwitchableRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> schemas = new ArrayList<>();
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicInteger refused = new AtomicInteger();

    public SwitchableRegistry() {
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

    public void available(boolean on) {
        available.set(on);
    }

    /** Requests answered 503 so far. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!available.get()) {
                refused.incrementAndGet();
                answer(exchange, 503, "{\"error_code\":50301,\"message\":\"unavailable\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
                int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
                String schema = schema(id);
                if (schema == null) {
                    answer(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                } else {
                    answer(exchange, 200, JSON.createObjectNode().put("schema", schema).toString());
                }
            } else if (method.equals("POST") && path.startsWith("/subjects/")) {
                String schema = JSON.readTree(body).path("schema").asText();
                answer(exchange, 200, JSON.createObjectNode().put("id", idOf(schema)).toString());
            } else if (method.equals("GET") && path.equals("/config")) {
                answer(exchange, 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
            } else {
                answer(exchange, 404, "{\"error_code\":404,\"message\":\"not here\"}");
            }
        }
    }

    private synchronized String schema(int id) {
        return id >= 1 && id <= schemas.size() ? schemas.get(id - 1) : null;
    }

    private synchronized int idOf(String schema) throws IOException {
        JsonNode parsed = JSON.readTree(schema);
        for (int i = 0; i < schemas.size(); i++) {
            if (JSON.readTree(schemas.get(i)).equals(parsed)) {
                return i + 1;
            }
        }
        schemas.add(schema);
        return schemas.size();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

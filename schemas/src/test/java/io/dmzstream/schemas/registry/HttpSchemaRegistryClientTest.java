package io.dmzstream.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.testing.FakeRegistryServer;
import io.dmzstream.schemas.testing.FakeRegistryServer.Response;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistryServer server = new FakeRegistryServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSchemaRegistryClient client(RetryPolicy retries) {
        return new HttpSchemaRegistryClient(RegistryEndpoint.of(server.url() + "/apis/ccompat/v7/"), retries,
            Duration.ofSeconds(2), Duration.ofSeconds(2), 100);
    }

    private static String schemaAnswer(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void registerPostsTheSchemaToTheSubjectsVersions() throws IOException {
        server.answer(Response.json(200, "{\"id\":7}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            assertEquals(7, client.register("dmz.images-value", ImageEvent.getClassSchema()));
        }
        FakeRegistryServer.Request request = server.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/apis/ccompat/v7/subjects/dmz.images-value/versions", request.rawPath());
        assertEquals("application/vnd.schemaregistry.v1+json", request.contentType());
        assertEquals(ImageEvent.getClassSchema(), new Schema.Parser().parse(JSON.readTree(request.body()).get("schema").asText()));
        assertNull(request.authorization());
    }

    @Test
    void registeredIdsAndSchemasByIdAreCached() {
        server.answer(Response.json(200, "{\"id\":7}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            client.register("s", ImageEvent.getClassSchema());
            client.register("s", ImageEvent.getClassSchema());
            assertEquals(ImageEvent.getClassSchema(), client.getById(7)); // learnt from register
            assertEquals(1, server.requests().size());
        }
        FakeRegistryServer other = new FakeRegistryServer().answer(Response.json(200, schemaAnswer(ImageEvent.getClassSchema())));
        try (other; HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryEndpoint.of(other.url()),
            RetryPolicy.none(), Duration.ofSeconds(2), Duration.ofSeconds(2), 10)) {
            assertEquals(ImageEvent.getClassSchema(), client.getById(12));
            assertEquals(ImageEvent.getClassSchema(), client.getById(12));
            assertEquals(1, other.requests().size());
            assertEquals("/schemas/ids/12", other.requests().get(0).rawPath());
        }
    }

    @Test
    void subjectsAreUrlEncoded() {
        server.answer(Response.json(200, "{\"id\":1,\"version\":3,\"subject\":\"a b/c\",\"schema\":\"\\\"string\\\"\"}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            RegisteredSchema latest = client.latest("a b/c");
            assertEquals(3, latest.version());
            assertEquals(Schema.Type.STRING, latest.schema().getType());
        }
        assertEquals("/apis/ccompat/v7/subjects/a%20b%2Fc/versions/latest", server.requests().get(0).rawPath());
    }

    @Test
    void basicAuthFromUserInfoConfig() {
        server.answer(Response.json(200, "{\"id\":1}"));
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
            SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
            SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "alice:s3cr:et"))) {
            client.lookup("s", ImageEvent.getClassSchema());
        }
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8)),
            server.requests().get(0).authorization());
    }

    @Test
    void basicAuthFromTheUrlIsStrippedFromTheBaseUrl() {
        server.answer(Response.json(200, "{\"id\":1}"));
        String withCredentials = server.url().replace("http://", "http://bob:pa%40ss@");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, withCredentials))) {
            assertEquals(server.url(), client.baseUrl());
            assertFalse(client.toString().contains("pa"), client.toString());
            client.lookup("s", ImageEvent.getClassSchema());
        }
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:pa@ss".getBytes(StandardCharsets.UTF_8)),
            server.requests().get(0).authorization());
    }

    @Test
    void userInfoSourceWithoutCredentialsIsAConfigError() {
        assertThrows(ConfigException.class, () -> new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
            SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO")));
        assertThrows(ConfigException.class, () -> new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "ftp://example")));
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        server.answer(Response.json(503, "busy"), Response.json(500, "{\"error_code\":50001,\"message\":\"db\"}"),
            Response.json(200, "{\"id\":5}"));
        try (HttpSchemaRegistryClient client = client(new RetryPolicy(2, 1, 5))) {
            assertEquals(5, client.register("s", ImageEvent.getClassSchema()));
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void persistentServerErrorsEndAsUnreachableAfterTheRetries() {
        server.answer(Response.json(503, "busy"));
        try (HttpSchemaRegistryClient client = client(new RetryPolicy(2, 1, 5))) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(1));
            assertTrue(e.isUnavailable());
            assertTrue(e.getMessage().contains("is unreachable"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void clientErrorsAreFinalAndCarryTheErrorCode() {
        server.answer(Response.json(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        try (HttpSchemaRegistryClient client = client(new RetryPolicy(3, 1, 5))) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(77));
            assertTrue(e.isNotFound());
            assertEquals(40403, e.errorCode());
            assertTrue(e.getMessage().contains("HTTP 404 (error_code 40403)"), e.getMessage());
            assertTrue(e.getMessage().contains("Schema not found"), e.getMessage());
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void apicurioStyleConflictIsIncompatible() {
        server.answer(Response.json(409, "{\"error_code\":0,\"message\":\"Incompatible artifact\"}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client.register("s", ImageEvent.getClassSchema()));
            assertTrue(e.isIncompatible());
            assertFalse(e.isUnavailable());
        }
    }

    @Test
    void deadRegistryIsReportedAsUnreachableWithItsUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryEndpoint.of("http://127.0.0.1:" + port),
            new RetryPolicy(2, 1, 5), Duration.ofSeconds(1), Duration.ofSeconds(1), 10)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(1));
            assertEquals(SchemaRegistryException.NO_RESPONSE, e.status());
            assertEquals("Schema registry at http://127.0.0.1:" + port + " is unreachable (GET /schemas/ids/1: "
                + "ConnectException, gave up after 3 attempts)", e.getMessage().replaceAll(": ConnectException[^,]*,", ": ConnectException,"));
        }
    }

    @Test
    void slowAnswersTimeOut() {
        server.answer(new Response(200, "{\"id\":1}", 3_000));
        long start = System.nanoTime();
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryEndpoint.of(server.url()),
            new RetryPolicy(1, 1, 1), Duration.ofSeconds(1), Duration.ofMillis(200), 10)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.lookup("s", ImageEvent.getClassSchema()));
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            assertTrue(e.isUnavailable());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_500, "two attempts of 200 ms each");
    }

    @Test
    void compatibilityVerdictsAndMessages() {
        server.answer(Response.json(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}"),
            Response.json(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            CompatibilityResult verdict = client.testCompatibility("s", ImageEvent.getClassSchema());
            assertFalse(verdict.compatible());
            assertEquals(List.of("READER_FIELD_MISSING_DEFAULT_VALUE"), verdict.messages());
            assertTrue(client.testCompatibility("new", ImageEvent.getClassSchema()).compatible());
        }
        assertEquals("/apis/ccompat/v7/compatibility/subjects/s/versions/latest?verbose=true", server.requests().get(0).rawPath());
    }

    @Test
    void nonAvroSchemasAreRefused() {
        server.answer(Response.json(200, "{\"schema\":\"{}\",\"schemaType\":\"JSON\"}"));
        try (HttpSchemaRegistryClient client = client(RetryPolicy.none())) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(3));
            assertTrue(e.getMessage().contains("not Avro"), e.getMessage());
        }
    }

    @Test
    void backoffDoublesUpToItsCap() {
        RetryPolicy policy = new RetryPolicy(5, 100, 350);
        assertEquals(Duration.ZERO, policy.backoffBefore(0));
        assertEquals(Duration.ofMillis(100), policy.backoffBefore(1));
        assertEquals(Duration.ofMillis(200), policy.backoffBefore(2));
        assertEquals(Duration.ofMillis(350), policy.backoffBefore(3));
        assertEquals(Duration.ofMillis(350), policy.backoffBefore(60));
    }
}

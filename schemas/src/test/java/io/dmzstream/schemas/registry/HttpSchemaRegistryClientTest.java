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
import java.util.HashMap;
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
    private static final String NOT_FOUND = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
    private final FakeRegistryServer server = new FakeRegistryServer();
    private final FakeTicker ticker = new FakeTicker();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client of {@link #server} on fake time, with backoff 1 ms; {@code settings} are key, value pairs. */
    private HttpSchemaRegistryClient client(int maxRetries, Object... settings) {
        Map<String, Object> config = new HashMap<>(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url() + "/apis/ccompat/v7/",
            SchemaRegistryConfig.MAX_RETRIES_CONFIG, maxRetries,
            SchemaRegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1,
            SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5));
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return new HttpSchemaRegistryClient(new SchemaRegistryConfig(config), ticker);
    }

    private static String schemaAnswer(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registerPostsTheSchemaToTheSubjectsVersions() throws IOException {
        server.answer(Response.json(200, "{\"id\":7}"));
        try (HttpSchemaRegistryClient client = client(0)) {
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
        try (HttpSchemaRegistryClient client = client(0)) {
            client.register("s", ImageEvent.getClassSchema());
            client.register("s", ImageEvent.getClassSchema());
            assertEquals(ImageEvent.getClassSchema(), client.getById(7)); // learnt from register
            assertEquals(1, server.requests().size());
        }
        FakeRegistryServer other = new FakeRegistryServer().answer(Response.json(200, schemaAnswer(ImageEvent.getClassSchema())));
        try (other; HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, other.url()))) {
            assertEquals(ImageEvent.getClassSchema(), client.getById(12));
            assertEquals(ImageEvent.getClassSchema(), client.getById(12));
            assertEquals(1, other.requests().size());
            assertEquals("/schemas/ids/12", other.requests().get(0).rawPath());
        }
    }

    @Test
    void theSchemaCacheIsBounded() {
        server.answer(Response.json(200, schemaAnswer(ImageEvent.getClassSchema())));
        try (HttpSchemaRegistryClient client = client(0, SchemaRegistryConfig.CACHE_CAPACITY_CONFIG, 2)) {
            for (int id : new int[] {1, 2, 3, 1}) {
                client.getById(id);
            }
        }
        assertEquals(4, server.requests().size(), "id 1 was evicted by ids 2 and 3");
    }

    @Test
    void subjectsAreUrlEncoded() {
        server.answer(Response.json(200, "{\"id\":1,\"version\":3,\"subject\":\"a b/c\",\"schema\":\"\\\"string\\\"\"}"));
        try (HttpSchemaRegistryClient client = client(0)) {
            RegisteredSchema latest = client.latest("a b/c");
            assertEquals(3, latest.version());
            assertEquals(Schema.Type.STRING, latest.schema().getType());
        }
        assertEquals("/apis/ccompat/v7/subjects/a%20b%2Fc/versions/latest", server.requests().get(0).rawPath());
    }

    @Test
    void userInfoIsSentVerbatimSoPlusPercentAndColonsWork() {
        server.answer(Response.json(200, "{\"id\":1}"));
        try (HttpSchemaRegistryClient client = client(0,
            SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
            SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "dmz:p+a%s:s w%41rd")) {
            client.lookup("s", ImageEvent.getClassSchema());
        }
        assertEquals(basic("dmz:p+a%s:s w%41rd"), server.requests().get(0).authorization());
    }

    @Test
    void urlUserInfoIsPercentDecodedAndAPlusStaysAPlus() {
        server.answer(Response.json(200, "{\"id\":1}"));
        // password p+a%s:s@é written as a URL: % and @ escaped, + and : literal (split at the first colon)
        String withCredentials = server.url().replace("http://", "http://bob:p+a%25s:s%40%C3%A9@");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, withCredentials))) {
            assertEquals(server.url(), client.baseUrl());
            assertFalse(client.toString().contains("p+a"), client.toString());
            client.lookup("s", ImageEvent.getClassSchema());
        }
        assertEquals(basic("bob:p+a%s:s@é"), server.requests().get(0).authorization());
    }

    @Test
    void prefixedAndConfluentSpellingsOfTheKeysAreAccepted() {
        server.answer(Response.json(503, "busy"));
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(new SchemaRegistryConfig(Map.of(
            "schema.registry.url", server.url(),
            "schema.registry.basic.auth.credentials.source", "USER_INFO",
            "schema.registry.basic.auth.user.info", "carol:pw",
            "max.retries", "2", "retries.wait.ms", "1", "retries.max.wait.ms", "1",
            "bootstrap.servers", "ignored:9092")), ticker)) {
            assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
        }
        assertEquals(3, server.requests().size(), "max.retries=2");
        assertEquals(basic("carol:pw"), server.requests().get(0).authorization());
    }

    @Test
    void twoSpellingsWithDifferentValuesAreAConfigErrorThatShowsNoValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SchemaRegistryConfig(Map.of(
            "schema.registry.url", server.url(), "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "dave:first-secret", "schema.registry.basic.auth.user.info", "dave:second-secret")));
        assertTrue(e.getMessage().contains("basic.auth.user.info and schema.registry.basic.auth.user.info"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        // the same value twice is fine
        new SchemaRegistryConfig(Map.of("schema.registry.url", server.url(), "max.retries", "4",
            "schema.registry.max.retries", 4));
    }

    @Test
    void configErrorsNeverShowCredentials() {
        List<Map<String, String>> broken = List.of(
            Map.of("schema.registry.url", "ftp://bob:hunter2@example"),
            Map.of("schema.registry.url", "http://bob:hunter2@exa mple:8081"),
            Map.of("schema.registry.url", "http://bob:hunter2%zz@example:8081"),
            Map.of("schema.registry.url", "http://bobhunter2@example:8081"),
            Map.of("schema.registry.url", "http://bob:hunter2@a:8081,http://bob:hunter2@b:8081"),
            Map.of("schema.registry.url", server.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "bobhunter2"),
            Map.of("schema.registry.url", server.url(), "basic.auth.user.info", "bob:hunter2"),
            Map.of("schema.registry.url", server.url(), "schema.registry.ssl.truststore.location", "/nonexistent/trust.p12",
                "schema.registry.ssl.truststore.password", "hunter2"));
        for (Map<String, String> config : broken) {
            ConfigException e = assertThrows(ConfigException.class, () -> new SchemaRegistryConfig(config), config.toString());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> new SchemaRegistryConfig(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
            SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO")));
    }

    @Test
    void toStringHidesCredentials() {
        SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of(
            "schema.registry.url", "http://erin:hunter2@registry.example:8081/apis/ccompat/v7"));
        assertTrue(config.toString().contains("schema.registry.url=http://***@registry.example:8081/apis/ccompat/v7"),
            config.toString());
        assertEquals("http://registry.example:8081/apis/ccompat/v7", config.registryBaseUrl().orElseThrow());
        SchemaRegistryConfig userInfo = new SchemaRegistryConfig(Map.of("schema.registry.url", "http://registry.example",
            "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "erin:hunter2"));
        for (Object text : List.of(config, userInfo, new HttpSchemaRegistryClient(config), new HttpSchemaRegistryClient(userInfo))) {
            assertFalse(text.toString().contains("hunter2"), text.toString());
            assertFalse(text.toString().contains("erin"), text.toString());
        }
        assertEquals("https://***@h/p", SchemaRegistryConfig.redactUrl("https://u:p@ss@h/p"));
        assertEquals("http://h:1", SchemaRegistryConfig.redactUrl("http://h:1"));
    }

    @Test
    void wrongCredentialsAreAClearTransientErrorThatIsNotRetried() {
        server.answer(Response.json(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
        try (HttpSchemaRegistryClient client = client(3,
            SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
            SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "frank:hunter2")) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(5));
            assertTrue(e.credentialsRejected());
            assertTrue(e.isTransient());
            assertEquals(401, e.status());
            assertEquals("Schema registry at " + server.url() + "/apis/ccompat/v7 refused the credentials: HTTP 401 to"
                + " GET /schemas/ids/5 (credentials from basic.auth.user.info)", e.getMessage());
            RegistryUnavailableException atStartUp = assertThrows(RegistryUnavailableException.class, client::checkAccess);
            assertTrue(atStartUp.credentialsRejected());
            assertTrue(atStartUp.getMessage().contains("GET /config"), atStartUp.getMessage());
        }
        assertEquals(2, server.requests().size(), "a refusal is not retried");
    }

    @Test
    void aRefusalWithoutCredentialsSaysNoneWereSent() {
        server.answer(Response.json(403, "Forbidden"));
        try (HttpSchemaRegistryClient client = client(0)) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(5));
            assertTrue(e.credentialsRejected());
            assertTrue(e.getMessage().contains("no credentials were sent"), e.getMessage());
        }
    }

    @Test
    void redirectsAreNotFollowedSoCredentialsStayWithTheRegistry() {
        try (FakeRegistryServer elsewhere = new FakeRegistryServer().answer(Response.json(200, "{\"id\":1}"))) {
            server.answer(Response.redirect(307, elsewhere.url().replace("http://", "http://x:y@") + "/schemas/ids/5"));
            try (HttpSchemaRegistryClient client = client(0,
                SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "grace:hunter2")) {
                RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(5));
                assertEquals(307, e.status());
                assertTrue(e.getMessage().contains("a redirect to http://***@127.0.0.1"), e.getMessage());
            }
            assertEquals(0, elsewhere.requests().size());
        }
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        server.answer(Response.json(503, "busy"), Response.json(500, "{\"error_code\":50001,\"message\":\"db\"}"),
            Response.json(200, "{\"id\":5}"));
        try (HttpSchemaRegistryClient client = client(2)) {
            assertEquals(5, client.register("s", ImageEvent.getClassSchema()));
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void persistentServerErrorsEndAsUnavailableAfterTheRetries() {
        server.answer(Response.json(503, "busy"));
        try (HttpSchemaRegistryClient client = client(2)) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
            assertEquals(503, e.status());
            assertFalse(e.credentialsRejected());
            assertTrue(e.getMessage().contains("is unreachable"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        }
        assertEquals(3, server.requests().size());
    }

    @Test
    void aConfluentNotFoundIsFinalAndCarriesTheErrorCode() {
        server.answer(Response.json(404, NOT_FOUND));
        try (HttpSchemaRegistryClient client = client(3)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(77));
            assertFalse(e.isTransient());
            assertTrue(e.isNotFound());
            assertEquals(40403, e.errorCode());
            assertTrue(e.getMessage().contains("HTTP 404 (error_code 40403)"), e.getMessage());
            assertTrue(e.getMessage().contains("Schema not found"), e.getMessage());
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void unknownIdsAreRememberedForTheirTtl() {
        server.answer(Response.json(404, NOT_FOUND));
        try (HttpSchemaRegistryClient client = client(0, SchemaRegistryConfig.MISSING_ID_CACHE_TTL_SEC_CONFIG, 30)) {
            assertTrue(assertThrows(SchemaRegistryException.class, () -> client.getById(77)).isNotFound());
            SchemaRegistryException again = assertThrows(SchemaRegistryException.class, () -> client.getById(77));
            assertTrue(again.isNotFound());
            assertEquals(40403, again.errorCode());
            assertEquals(1, server.requests().size(), "the second record with id 77 costs no registry call");

            ticker.advanceSeconds(31);
            assertThrows(SchemaRegistryException.class, () -> client.getById(77));
            assertEquals(2, server.requests().size(), "asked again after the TTL");
        }
    }

    @Test
    void theUnknownIdCacheIsBounded() {
        server.answer(Response.json(404, NOT_FOUND));
        try (HttpSchemaRegistryClient client = client(0, SchemaRegistryConfig.MISSING_CACHE_SIZE_CONFIG, 2)) {
            for (int id : new int[] {1, 2, 3, 1}) {
                assertThrows(SchemaRegistryException.class, () -> client.getById(id));
            }
        }
        assertEquals(4, server.requests().size(), "id 1 was forgotten to make room for 3");
    }

    @Test
    void lookupsOfUncachedIdsAreRateLimited() {
        server.answer(Response.json(404, NOT_FOUND));
        try (HttpSchemaRegistryClient client = client(0, SchemaRegistryConfig.ID_LOOKUPS_PER_SEC_CONFIG, 5)) {
            for (int id = 1; id <= 15; id++) {
                int unknown = id;
                assertThrows(SchemaRegistryException.class, () -> client.getById(unknown));
            }
            // a burst of 5 is free, the 10 after it wait 1/5 s each
            assertEquals(Duration.ofSeconds(2).toNanos(), ticker.sleptNanos(), 1_000_000);
            long slept = ticker.sleptNanos();
            for (int i = 0; i < 50; i++) {
                assertThrows(SchemaRegistryException.class, () -> client.getById(3)); // remembered: no call, no wait
            }
            assertEquals(slept, ticker.sleptNanos());
        }
        assertEquals(15, server.requests().size());
    }

    @Test
    void transientFaultsAreNotRemembered() {
        server.answer(Response.json(503, "busy"), Response.json(200, schemaAnswer(ImageEvent.getClassSchema())));
        try (HttpSchemaRegistryClient client = client(0)) {
            assertThrows(RegistryUnavailableException.class, () -> client.getById(9));
            assertEquals(ImageEvent.getClassSchema(), client.getById(9));
        }
    }

    @Test
    void aNotFoundWithoutAConfluentCodeMeansTheUrlIsWrong() {
        // what Apicurio answers when the path lacks /apis/ccompat/v7
        server.answer(Response.json(404, "{\"message\":\"RESTEASY003210: Could not find resource\",\"error_code\":404}"),
            Response.html(404, "<html>Not Found</html>"));
        try (HttpSchemaRegistryClient client = client(0)) {
            for (int i = 0; i < 2; i++) {
                RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
                assertEquals(404, e.status());
                assertFalse(e.isNotFound());
                assertTrue(e.getMessage().contains("/apis/ccompat/v7"), e.getMessage());
            }
        }
    }

    @Test
    void aNonJsonAnswerIsTheRegistrysFault() {
        server.answer(Response.html(200, "<html>captive portal</html>"));
        try (HttpSchemaRegistryClient client = client(0)) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
            assertTrue(e.getMessage().contains("non-JSON"), e.getMessage());
        }
    }

    @Test
    void checkAccessReadsTheGlobalConfig() {
        server.answer(Response.json(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
        try (HttpSchemaRegistryClient client = client(0)) {
            client.checkAccess();
        }
        assertEquals("GET", server.requests().get(0).method());
        assertEquals("/apis/ccompat/v7/config", server.requests().get(0).rawPath());
    }

    @Test
    void apicurioStyleConflictIsIncompatible() {
        server.answer(Response.json(409, "{\"error_code\":0,\"message\":\"Incompatible artifact\"}"));
        try (HttpSchemaRegistryClient client = client(0)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client.register("s", ImageEvent.getClassSchema()));
            assertTrue(e.isIncompatible());
            assertFalse(e.isTransient());
        }
    }

    @Test
    void deadRegistryIsReportedAsUnreachableWithItsUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(new SchemaRegistryConfig(Map.of(
            "schema.registry.url", "http://127.0.0.1:" + port, "max.retries", 2)), ticker)) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
            assertEquals(SchemaRegistryException.NO_RESPONSE, e.status());
            assertEquals("Schema registry at http://127.0.0.1:" + port + " is unreachable (GET /schemas/ids/1: "
                + "ConnectException, gave up after 3 attempts)", e.getMessage().replaceAll(": ConnectException[^,]*,", ": ConnectException,"));
        }
    }

    @Test
    void slowAnswersTimeOut() {
        server.answer(new Response(200, "{\"id\":1}", 3_000));
        long start = System.nanoTime();
        try (HttpSchemaRegistryClient client = client(1, SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG, 200)) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> client.lookup("s", ImageEvent.getClassSchema()));
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_500, "two attempts of 200 ms each");
    }

    @Test
    void compatibilityVerdictsAndMessages() {
        server.answer(Response.json(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}"),
            Response.json(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
        try (HttpSchemaRegistryClient client = client(0)) {
            CompatibilityResult verdict = client.testCompatibility("s", ImageEvent.getClassSchema());
            assertFalse(verdict.compatible());
            assertEquals(List.of("READER_FIELD_MISSING_DEFAULT_VALUE"), verdict.messages());
            assertTrue(client.testCompatibility("new", ImageEvent.getClassSchema()).compatible());
        }
        assertEquals("/apis/ccompat/v7/compatibility/subjects/s/versions/latest?verbose=true", server.requests().get(0).rawPath());
    }

    @Test
    void nonAvroSchemasAreRefusedForGood() {
        server.answer(Response.json(200, "{\"schema\":\"{}\",\"schemaType\":\"JSON\"}"));
        try (HttpSchemaRegistryClient client = client(0)) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(3));
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("not Avro"), e.getMessage());
        }
    }

    @Test
    void findInWalksTheCauseChain() {
        RegistryUnavailableException down = new RegistryUnavailableException("down", "http://r", -1, null);
        RuntimeException wrapped = new RuntimeException("streams", new IllegalStateException("consumer", down));
        assertEquals(down, RegistryUnavailableException.findIn(wrapped).orElseThrow());
        assertTrue(RegistryUnavailableException.findIn(new RuntimeException("bad input")).isEmpty());
        assertTrue(RegistryUnavailableException.findIn(null).isEmpty());
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

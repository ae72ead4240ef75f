package io.dmzstream.schemas.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.registry.SchemaRegistryConfig;
import io.dmzstream.schemas.serde.AvroSerdeException.Reason;
import io.dmzstream.schemas.testing.FakeRegistryServer;
import io.dmzstream.schemas.testing.FakeRegistryServer.Response;
import io.dmzstream.schemas.testing.InMemorySchemaRegistryClient;
import io.dmzstream.schemas.testing.TestEvents;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serdes tell a registry that cannot be used now (retry) from bytes that are bad for good (dead letter). */
class RegistryFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistryServer server = new FakeRegistryServer();
    private final byte[] imageBytes = imageBytesWithId(1);

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] imageBytesWithId(int id) {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        byte[] bytes = new SpecificAvroSerializer<>(ImageEvent.class, registry).serialize("t", TestEvents.image());
        System.arraycopy(new ConfluentHeader(id).toBytes(), 0, bytes, 0, ConfluentHeader.LENGTH);
        return bytes;
    }

    private static Map<String, Object> config(String url, Object... settings) {
        Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", url, "schema.registry.max.retries", 0));
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return config;
    }

    private static String imageSchemaAnswer() {
        return JSON.createObjectNode().put("schema", ImageEvent.getClassSchema().toString()).toString();
    }

    @Test
    void anUnreachableRegistryIsTransientNotBadInput() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            serde.configure(config("http://127.0.0.1:" + deadPort), false);
            RuntimeException read = assertThrows(RuntimeException.class, () -> serde.deserializer().deserialize("t", imageBytes));
            assertFalse(read instanceof AvroSerdeException, "an outage would dead-letter good data: " + read);
            RegistryUnavailableException unavailable = RegistryUnavailableException.findIn(read).orElseThrow();
            assertFalse(unavailable.credentialsRejected());
            assertTrue(read.getMessage().contains("http://127.0.0.1:" + deadPort + " is unreachable"), read.getMessage());

            RuntimeException write = assertThrows(RuntimeException.class, () -> serde.serializer().serialize("t", TestEvents.image()));
            assertTrue(RegistryUnavailableException.findIn(write).isPresent(), write.toString());
        }
    }

    @Test
    void refusedCredentialsAreTransientToo() {
        server.answer(Response.json(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));
        try (SpecificAvroDeserializer<ImageEvent> reader = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            reader.configure(config(server.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "heidi:hunter2"), false);
            RuntimeException e = assertThrows(RuntimeException.class, () -> reader.deserialize("t", imageBytes));
            assertFalse(e instanceof AvroSerdeException, "a password problem would dead-letter good data: " + e);
            assertTrue(RegistryUnavailableException.findIn(e).orElseThrow().credentialsRejected());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void theSameBytesDecodeOnceTheRegistryIsBack() {
        server.answer(Response.json(503, "restarting"), Response.json(200, imageSchemaAnswer()));
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            serde.configure(config(server.url()), false);
            assertThrows(RegistryUnavailableException.class, () -> serde.deserializer().deserialize("t", imageBytes));
            assertEquals(TestEvents.image(), serde.deserializer().deserialize("t", imageBytes));
        }
    }

    @Test
    void anUnknownIdIsBadInputAndIsNotAskedForAgain() {
        server.answer(Response.json(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}"));
        try (SpecificAvroDeserializer<ImageEvent> reader = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            reader.configure(config(server.url()), false);
            for (int i = 0; i < 3; i++) {
                AvroSerdeException e = assertThrows(AvroSerdeException.class, () -> reader.deserialize("t", imageBytesWithId(99)));
                assertEquals(Reason.UNKNOWN_SCHEMA_ID, e.reason());
            }
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void aWriterSchemaThatIsNotAvroIsIncompatible() {
        server.answer(Response.json(200, "{\"schema\":\"{}\",\"schemaType\":\"JSON\"}"));
        try (SpecificAvroDeserializer<ImageEvent> reader = new SpecificAvroDeserializer<>(ImageEvent.class)) {
            reader.configure(config(server.url()), false);
            AvroSerdeException e = assertThrows(AvroSerdeException.class, () -> reader.deserialize("t", imageBytes));
            assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
        }
    }

    @Test
    void fromPropertiesPicksTheSerdeKeysOutOfAWholeServiceConfiguration() {
        Map<String, Object> service = new HashMap<>(Map.of(
            "bootstrap.servers", "broker:9092", "application.id", "dmz", "topic.images", "dmz.images",
            "streams.producer.max.request.size", "2000000",
            "schema.registry.url", server.url(),
            "schema.registry.auto.register.schemas", "false",
            "schema.registry.basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "ivan:p+ss%w:rd"));
        AvroSerdeConfig config = AvroSerdeConfig.fromProperties(service);
        assertTrue(config.usesRegistry());
        assertFalse(config.autoRegisterSchemas());
        assertEquals(server.url(), config.registryBaseUrl().orElseThrow());
        assertFalse(config.toString().contains("p+ss"), config.toString());

        server.answer(Response.json(200, "{\"id\":4}"));
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            serde.configure(service, false);
            assertEquals(4, ConfluentHeader.read(serde.serializer().serialize("dmz.images", TestEvents.image())).schemaId());
        }
        assertEquals("/subjects/dmz.images-value", server.requests().get(0).rawPath(), "looked up, not registered");
        assertTrue(server.requests().get(0).authorization().startsWith("Basic "));
    }

    @Test
    void aBadRegistryConfigurationFailsWhenTheSerdeIsConfigured() {
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            ConfigException e = assertThrows(ConfigException.class, () -> serde.configure(Map.of(
                SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "registry:8081"), false));
            assertTrue(e.getMessage().contains("http://"), e.getMessage());
        }
    }
}

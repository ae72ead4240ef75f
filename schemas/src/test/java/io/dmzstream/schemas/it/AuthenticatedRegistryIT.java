package io.dmzstream.schemas.it;

import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.dmzstream.schemas.testing.AuthenticatingProxy;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.schemas.serde.SpecificAvroSerde;
import io.dmzstream.schemas.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our serdes against the real registry behind an authenticating proxy: basic auth with a password
 * full of characters that URL and form encodings treat specially, a wrong password, and an outage.
 */
class AuthenticatedRegistryIT {

    private static final String USER = "dmz-user";
    private static final String PASSWORD = "p+a%s:s w0rd";
    private final AuthenticatingProxy proxy;

    AuthenticatedRegistryIT() throws IOException {
        proxy = new AuthenticatingProxy(RegistryUnderTest.ccompatUrl(), USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** A service-style flat configuration: registry keys among others, prefixed and Confluent spellings mixed. */
    private Map<String, Object> serviceConfig(String userInfo) {
        Map<String, Object> config = new HashMap<>(Map.of(
            "bootstrap.servers", "unused:9092",
            "schema.registry.url", proxy.url(),
            "schema.registry.basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", userInfo,
            "schema.registry.max.retries", 1,
            "schema.registry.retry.backoff.ms", 10));
        return config;
    }

    private static ImageEvent roundTrip(Map<String, Object> writerConfig, Map<String, Object> readerConfig, String topic) {
        try (SpecificAvroSerde<ImageEvent> writer = new SpecificAvroSerde<>(ImageEvent.class);
             SpecificAvroSerde<ImageEvent> reader = new SpecificAvroSerde<>(ImageEvent.class)) {
            writer.configure(writerConfig, false);
            reader.configure(readerConfig, false); // its own client: the schema really comes from the registry
            return reader.deserializer().deserialize(topic, writer.serializer().serialize(topic, TestEvents.image()));
        }
    }

    @Test
    void theRightPasswordWorksEndToEnd() {
        String topic = RegistryUnderTest.unique("auth");
        Map<String, Object> userInfo = serviceConfig(USER + ":" + PASSWORD);
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(AvroSerdeConfig.fromProperties(userInfo))) {
            client.checkAccess();
        }
        assertEquals(TestEvents.image(), roundTrip(userInfo, userInfo, topic));

        // the same credentials in the URL: % and space escaped, + and : literal
        Map<String, Object> inUrl = new HashMap<>(Map.of("schema.registry.url",
            proxy.url().replace("http://", "http://" + USER + ":p+a%25s:s%20w0rd@")));
        assertEquals(TestEvents.image(), roundTrip(userInfo, inUrl, topic));
        assertEquals(0, proxy.refused());
        assertTrue(proxy.forwarded() >= 3, "calls went through the proxy: " + proxy.forwarded());
    }

    @Test
    void aWrongPasswordIsAClearErrorThatShowsNoCredentials() {
        String wrong = "p+a%s:s w0rd-old";
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
            AvroSerdeConfig.fromProperties(serviceConfig(USER + ":" + wrong)))) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, client::checkAccess);
            assertTrue(e.credentialsRejected());
            assertEquals(401, e.status());
            assertEquals("Schema registry at " + proxy.url() + " refused the credentials: HTTP 401 to GET /config"
                + " (credentials from basic.auth.user.info)", e.getMessage());
        }

        // at run time, through the serde: not bad input, and no credentials in the message either
        String urlWithCredentials = proxy.url().replace("http://", "http://" + USER + ":wr%2Bong@");
        try (SpecificAvroSerde<ImageEvent> serde = new SpecificAvroSerde<>(ImageEvent.class)) {
            serde.configure(Map.of("schema.registry.url", urlWithCredentials), false);
            RuntimeException e = assertThrows(RuntimeException.class,
                () -> serde.serializer().serialize(RegistryUnderTest.unique("auth"), TestEvents.image()));
            assertFalse(e instanceof AvroSerdeException, e.toString());
            RegistryUnavailableException unavailable = RegistryUnavailableException.findIn(e).orElseThrow();
            assertTrue(unavailable.credentialsRejected());
            assertEquals(proxy.url(), unavailable.registryUrl());
            for (String secret : new String[] {"wr%2Bong", "wr+ong", USER, wrong}) {
                assertFalse(e.getMessage().contains(secret), e.getMessage());
                assertFalse(String.valueOf(e.getCause()).contains(secret), String.valueOf(e.getCause()));
            }
            assertTrue(e.getMessage().contains("the user info of schema.registry.url"), e.getMessage());
        }
        assertTrue(proxy.refused() >= 2);
        assertEquals(0, proxy.forwarded());
    }

    @Test
    void anOutageIsTransientAndTheSameBytesDecodeWhenTheRegistryIsBack() throws IOException {
        String topic = RegistryUnderTest.unique("outage");
        Map<String, Object> config = serviceConfig(USER + ":" + PASSWORD);
        byte[] bytes;
        try (SpecificAvroSerde<ImageEvent> writer = new SpecificAvroSerde<>(ImageEvent.class)) {
            writer.configure(config, false);
            bytes = writer.serializer().serialize(topic, TestEvents.image());
        }
        try (SpecificAvroSerde<ImageEvent> reader = new SpecificAvroSerde<>(ImageEvent.class);
             HttpSchemaRegistryClient probe = new HttpSchemaRegistryClient(AvroSerdeConfig.fromProperties(config))) {
            reader.configure(config, false); // has not seen the writer's id yet

            proxy.stop();
            RuntimeException e = assertThrows(RuntimeException.class, () -> reader.deserializer().deserialize(topic, bytes));
            assertFalse(e instanceof AvroSerdeException, "an outage would dead-letter good data: " + e);
            RegistryUnavailableException unavailable = RegistryUnavailableException.findIn(e).orElseThrow();
            assertFalse(unavailable.credentialsRejected());
            assertTrue(e.getMessage().contains(proxy.url() + " is unreachable"), e.getMessage());
            assertFalse(assertThrows(RegistryUnavailableException.class, probe::checkAccess).credentialsRejected());

            proxy.start();
            probe.checkAccess();
            assertEquals(TestEvents.image(), reader.deserializer().deserialize(topic, bytes));
        }
    }
}

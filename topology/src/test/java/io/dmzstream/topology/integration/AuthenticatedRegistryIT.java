package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.testing.AuthenticatingProxy;
import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.metrics.MetricNames;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.CapturedLogs;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PrometheusText;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against the real schema registry behind an authenticating proxy, as behind an API
 * gateway. The registry keys come the way a deployment gives them: URL and credentials source in
 * the config file, the password in a {@code DMZ_} environment variable, and the password holds
 * {@code +}, {@code %}, {@code :} and a space. Credentials never show in logs, exceptions or /metrics.
 */
class AuthenticatedRegistryIT {
    private static final String USER = "dmz-user";
    private static final String PASSWORD = "p+a%s:s w0rd";
    private static final String WRONG_PASSWORD = "p+a%s:s w0rd-old";

    @TempDir
    Path tmp;
    private AuthenticatingProxy proxy;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new AuthenticatingProxy(RegistryUnderTest.ccompatUrl(), USER, PASSWORD);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Loaded as the run command loads it: a properties file, then the environment. */
    private DmzStreamConfig config(String name, String password) throws IOException {
        Properties file = new Properties();
        TestConfigs.props(name, tmp.resolve(name + "-state")).forEach((k, v) -> file.setProperty(k, String.valueOf(v)));
        file.setProperty("schema.registry.url", proxy.url());
        file.setProperty("schema.registry.basic.auth.credentials.source", "USER_INFO");
        // a client that gives up on a dead registry within a second, so that outages show quickly
        file.setProperty("schema.registry.max.retries", "1");
        file.setProperty("schema.registry.retry.backoff.ms", "50");
        Path path = tmp.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(path)) {
            file.store(out, null);
        }
        return DmzStreamConfig.load(path, Map.of("DMZ_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", USER + ":" + password));
    }

    @Test
    void theServiceServesWithTheCredentialsOfItsConfigFileAndEnvironment() throws Exception {
        String name = RegistryUnderTest.unique("auth-served");
        DmzStreamConfig config = config(name, PASSWORD);
        Topics t = config.topics();
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        String metrics;
        try (CapturedLogs logs = new CapturedLogs()) {
            try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                    TestModels.source());
                 KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
                byte[] value = serdes.images().serializer().serialize(t.images(),
                        Images.raw("authenticated", "mnist", 3, OutputKind.LABEL).build());
                producer.send(new ProducerRecord<>(t.images(), "k".getBytes(StandardCharsets.UTF_8), value))
                        .get(60, TimeUnit.SECONDS);

                var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> !r.isEmpty(),
                        Duration.ofSeconds(90));
                assertEquals("authenticated", labels.get(0).value().getId());
                metrics = Http.get(service.httpPort().orElseThrow(), "/metrics").body();
            }
            assertNoCredentials(logs.text(), "the logs");
        }
        assertNoCredentials(metrics, "/metrics");
        assertEquals(0, proxy.refused(), "every registry call carried the credentials");
        assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty());
    }

    @Test
    void aWrongPasswordStopsStartUpNamingTheRegistryAndTheStatus() throws Exception {
        DmzStreamConfig config = config(RegistryUnderTest.unique("auth-wrong"), WRONG_PASSWORD);
        try (CapturedLogs logs = new CapturedLogs()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> DmzStreamService.start(config, SharedKafka.get().bootstrapServers(), TestModels.source()).close());
            assertTrue(e.getMessage().contains(proxy.url()), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
            for (Throwable c = e; c != null; c = c.getCause()) {
                assertNoCredentials(String.valueOf(c), "the start-up error");
            }
            assertNoCredentials(logs.text(), "the logs");
        }
        assertTrue(proxy.refused() >= 1);
    }

    /**
     * A registry outage is not bad input, also with the real registry going away (connections
     * refused): a valid record with a schema id the service has not cached, read during the outage,
     * is not dead-lettered, survives a restart of the instance during the outage, and is served once
     * the registry is back.
     */
    @Test
    void aRecordReadDuringAnOutageIsServedOnceTheRegistryIsBackAlsoAcrossARestart() throws Exception {
        String name = RegistryUnderTest.unique("auth-outage");
        DmzStreamConfig config = config(name, PASSWORD);
        Topics t = config.topics();
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        // registered before the outage; the service has read nothing yet, so it has not cached the id
        byte[] value = serdes.images().serializer().serialize(t.images(),
                Images.raw("during-outage", "mnist", 5, OutputKind.LABEL).build());

        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            try (DmzStreamService first = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                    TestModels.source())) {
                first.awaitRunning(Duration.ofSeconds(60));
                proxy.stop();
                producer.send(new ProducerRecord<>(t.images(), 0, "k".getBytes(StandardCharsets.UTF_8), value))
                        .get(60, TimeUnit.SECONDS);
                awaitRegistryErrors(first);
                assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty(),
                        "a registry outage is not bad input");
            }

            // a new instance (empty state) starts while the registry is still away: it starts, and waits
            try (DmzStreamService second = DmzStreamService.start(
                    config.with(Map.of(DmzStreamConfig.STATE_DIR, tmp.resolve(name + "-second").toString())),
                    SharedKafka.get().bootstrapServers(), TestModels.source())) {
                awaitRegistryErrors(second);
                awaitNotReadyBecauseOf(second, "schema registry unavailable, processing paused until it answers: Schema registry at "
                        + proxy.url() + " is unreachable");
                proxy.start();
                var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> !r.isEmpty(),
                        Duration.ofSeconds(90));
                assertEquals(List.of("during-outage"), labels.stream().map(r -> r.value().getId()).toList());
                assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty());
                assertNoCredentials(Http.get(second.httpPort().orElseThrow(), "/health/ready").body(), "/health/ready");
            }
        }
    }

    /** Waits until the instance has counted a failed registry call on /metrics. */
    private static void awaitRegistryErrors(DmzStreamService service) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            PrometheusText page = PrometheusText.parse(Http.get(service.httpPort().orElseThrow(), "/metrics").body());
            double errors = page.value(MetricNames.REGISTRY_ERRORS.replace('.', '_') + "_total", Map.of("kind", "unavailable"));
            if (errors > 0) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, "the instance never reported the registry outage");
            Thread.sleep(100);
        }
    }

    private static void awaitNotReadyBecauseOf(DmzStreamService service, String reason) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            var ready = Http.get(service.httpPort().orElseThrow(), "/health/ready");
            if (ready.statusCode() == 503 && ready.body().contains(reason)) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, "readiness does not name the registry: " + ready.body());
            Thread.sleep(100);
        }
    }

    private static void assertNoCredentials(String text, String where) {
        String header = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String wrongHeader = Base64.getEncoder().encodeToString((USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(PASSWORD, WRONG_PASSWORD, USER + ":", header, wrongHeader, "s w0rd")) {
            assertFalse(text.contains(secret), where + " show a credential: " + secret);
        }
    }
}

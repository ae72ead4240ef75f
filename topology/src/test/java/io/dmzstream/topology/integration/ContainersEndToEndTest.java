package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The flow of {@link EndToEndTest} on the images an operator runs: Apache Kafka and Confluent
 * Schema Registry, the registry demanding HTTP basic auth (Jetty's property-file login, the
 * password with {@code +}, {@code %}, {@code :} and a space). Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndTest {
    private static final String USER = "dmz-user";
    private static final String PASSWORD = "p+a%s:s w0rd";
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0")
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:7.9.0")
            .withNetwork(NETWORK)
            .dependsOn(KAFKA)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .withEnv("SCHEMA_REGISTRY_AUTHENTICATION_METHOD", "BASIC")
            .withEnv("SCHEMA_REGISTRY_AUTHENTICATION_REALM", "SchemaRegistry")
            .withEnv("SCHEMA_REGISTRY_AUTHENTICATION_ROLES", "user")
            .withEnv("SCHEMA_REGISTRY_OPTS", "-Djava.security.auth.login.config=/etc/schema-registry/jaas.conf")
            .withCopyToContainer(Transferable.of("""
                    SchemaRegistry {
                      org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required
                      file="/etc/schema-registry/passwords.properties"
                      debug="false";
                    };
                    """), "/etc/schema-registry/jaas.conf")
            // Jetty's format: user: password,role (the password ends at the first comma)
            .withCopyToContainer(Transferable.of(USER + ": " + PASSWORD + ",user\n"),
                    "/etc/schema-registry/passwords.properties")
            .waitingFor(Wait.forHttp("/subjects").withBasicCredentials(USER, PASSWORD).forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)));

    @TempDir
    Path stateDir;

    private DmzStreamConfig config(String name, String password) {
        Map<String, Object> props = TestConfigs.props(name, stateDir.resolve(name));
        props.put(DmzStreamConfig.SCHEMA_REGISTRY_URL, "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081));
        props.put("schema.registry.basic.auth.credentials.source", "USER_INFO");
        props.put("schema.registry.basic.auth.user.info", USER + ":" + password);
        return new DmzStreamConfig(props);
    }

    @Test
    void everyInputGetsOneOutputOfEachRequestedKindThroughTheAuthenticatedRegistry() throws Exception {
        DmzStreamConfig config = config("containers", PASSWORD);
        Topics t = config.topics();
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        int n = 20;
        try (DmzStreamService service = DmzStreamService.start(config, KAFKA.getBootstrapServers(), TestModels.source());
             KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(KAFKA.getBootstrapServers())) {
            for (int i = 0; i < n; i++) {
                byte[] value = serdes.images().serializer().serialize(t.images(),
                        Images.raw("id-" + i, "edges", i, OutputKind.values()).setTargetDomain("fashion")
                                .setSteps(1 + i % 5).build());
                producer.send(new ProducerRecord<>(t.images(), ("key-" + i).getBytes(StandardCharsets.UTF_8), value))
                        .get(60, TimeUnit.SECONDS);
            }
            Duration wait = Duration.ofSeconds(120);
            String kafka = KAFKA.getBootstrapServers();
            var latents = KafkaTopics.await(kafka, t.latents(), serdes.latents().deserializer(), r -> r.size() >= n, wait);
            var labels = KafkaTopics.await(kafka, t.labels(), serdes.labels().deserializer(), r -> r.size() >= n, wait);
            var recons = KafkaTopics.await(kafka, t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> r.size() >= n, wait);
            var transfers = KafkaTopics.await(kafka, t.transfers(), serdes.transfers().deserializer(),
                    r -> r.size() >= n, wait);
            for (var counts : List.of(KafkaTopics.countById(latents), KafkaTopics.countById(labels),
                    KafkaTopics.countById(recons), KafkaTopics.countById(transfers))) {
                assertEquals(n, counts.size());
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "exactly one per input: " + counts);
            }
            assertTrue(KafkaTopics.readAll(kafka, t.deadLetters(), new ByteArrayDeserializer()).isEmpty());
        }
    }

    @Test
    void aWrongPasswordStopsStartUp() {
        DmzStreamConfig config = config("containers-wrong", PASSWORD + "-old");
        ConfigException e = assertThrows(ConfigException.class,
                () -> DmzStreamService.start(config, KAFKA.getBootstrapServers(), TestModels.source()).close());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
}

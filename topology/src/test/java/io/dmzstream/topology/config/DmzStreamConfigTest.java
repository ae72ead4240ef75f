package io.dmzstream.topology.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.registry.SchemaRegistryConfig;
import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.topology.engine.Device;
import io.dmzstream.topology.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmzStreamConfigTest {
    @TempDir
    Path tmp;

    @Test
    void fileThenEnvironmentOverrides() throws Exception {
        Path file = tmp.resolve("dmz.properties");
        Files.writeString(file, "batch.max.size=16\ndevices=cpu,gpu:1\nstreams.producer.linger.ms=7\n");
        DmzStreamConfig c = DmzStreamConfig.load(file, Map.of("DMZ_BATCH_MAX_SIZE", "64", "DMZ_DATA_DIR", "/x",
                "DMZ_DECODE_STEPS_DEFAULT", "20", "PATH", "/bin"));
        assertEquals(64, c.getInt(DmzStreamConfig.BATCH_MAX_SIZE));
        assertEquals(20, c.getInt(DmzStreamConfig.DECODE_STEPS_DEFAULT));
        assertEquals(List.of(Device.cpu(), new Device(Device.Kind.GPU, 1)), c.devices());
        assertEquals("7", c.streamsOverrides().get("producer.linger.ms"));
        assertEquals("exactly_once_v2", c.getString(DmzStreamConfig.PROCESSING_GUARANTEE));
        assertTrue(c.embeddedBroker());
    }

    @Test
    void registryKeysOfTheFileAndTheEnvironmentAreTheSerdeSettings() throws Exception {
        Path file = tmp.resolve("dmz.properties");
        Files.writeString(file, "schema.registry.url=https://registry:8081\n"
                + "schema.registry.basic.auth.credentials.source=USER_INFO\n"
                + "http.read.timeout.ms=2500\nbatch.max.size=16\nstreams.max.retries=9\n");
        DmzStreamConfig c = DmzStreamConfig.load(file, Map.of("DMZ_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "u:p+a%s:s",
                "DMZ_AUTO_REGISTER_SCHEMAS", "false", "DMZ_SCHEMA_REGISTRY_MAX_RETRIES", "5", "DMZ_DATA_DIR", "/x"));
        Map<String, Object> settings = c.registrySettings();
        assertEquals(Set.of("schema.registry.url", "schema.registry.basic.auth.credentials.source", "http.read.timeout.ms",
                "schema.registry.basic.auth.user.info", "auto.register.schemas", "schema.registry.max.retries"),
                settings.keySet());
        AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(settings);
        assertFalse(serde.autoRegisterSchemas());
        assertEquals(2500, serde.getInt(SchemaRegistryConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertEquals(5, serde.getInt(SchemaRegistryConfig.MAX_RETRIES_CONFIG));
        assertEquals("u:p+a%s:s", serde.getPassword(SchemaRegistryConfig.BASIC_AUTH_USER_INFO_CONFIG).value());
        assertEquals(16, c.getInt(DmzStreamConfig.BATCH_MAX_SIZE));
    }

    @Test
    void badRegistrySettingsFailAtLoadWithoutShowingTheCredentials() {
        ConfigException e = assertThrows(ConfigException.class, () -> DmzStreamConfig.load(null, Map.of(
                "DMZ_SCHEMA_REGISTRY_URL", "http://registry:8081", "DMZ_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
                "DMZ_BASIC_AUTH_USER_INFO", "no-colon-secret")));
        assertTrue(e.getMessage().contains("basic.auth.user.info"), e.getMessage());
        assertFalse(e.getMessage().contains("no-colon-secret"), e.getMessage());
    }

    @Test
    void modelDirAliasForTheZooFolderTheCanonicalNameWins() {
        assertEquals("/models", DmzStreamConfig.load(null, Map.of("DMZ_MODEL_DIR", "/models"))
                .getString(DmzStreamConfig.MODEL_ZOO_DIR));
        assertEquals("/zoo", DmzStreamConfig.load(null, Map.of("DMZ_MODEL_DIR", "/models", "DMZ_MODEL_ZOO_DIR", "/zoo"))
                .getString(DmzStreamConfig.MODEL_ZOO_DIR));
    }

    @Test
    void httpPortDefaultsTo8080AndAcceptsZeroAndMinusOne() {
        assertEquals(8080, new DmzStreamConfig(Map.of()).getInt(DmzStreamConfig.HTTP_PORT));
        assertEquals(-1, DmzStreamConfig.load(null, Map.of("DMZ_HTTP_PORT", "-1")).getInt(DmzStreamConfig.HTTP_PORT));
        assertEquals(0, new DmzStreamConfig(Map.of(DmzStreamConfig.HTTP_PORT, 0)).getInt(DmzStreamConfig.HTTP_PORT));
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of(DmzStreamConfig.HTTP_PORT, -2)));
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of(DmzStreamConfig.HTTP_PORT, 70000)));
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DmzStreamConfig(Map.of(DmzStreamConfig.DEVICES, "tpu")));
        assertTrue(e.getMessage().contains("devices"), e.getMessage());
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of(DmzStreamConfig.PROCESSING_GUARANTEE, "maybe")));
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of(DmzStreamConfig.DECODE_STEPS_DEFAULT, 200)));
    }

    @Test
    void everyKeyIsDocumented() {
        String table = ConfigDocs.markdownTable(DmzStreamConfig.configDef());
        for (String key : DmzStreamConfig.configDef().names()) {
            assertTrue(table.contains("`" + key + "`"), key);
        }
    }

    @Test
    void sizeCheckNamesTheSettingToRaise() {
        DmzStreamConfig big = new DmzStreamConfig(Map.of(DmzStreamConfig.IMAGE_MAX_BYTES, 4 * 1024 * 1024));
        try (Admin admin = SharedKafka.get().admin()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SizeLimitCheck.verify(big, Map.of(), admin));
            assertTrue(e.getMessage().contains("streams.producer.max.request.size"), e.getMessage());
            assertTrue(e.getMessage().contains("message.max.bytes"), e.getMessage());
            // raising the producer's limit leaves only the broker's
            var problems = SizeLimitCheck.problems(big, Map.of("producer.max.request.size", 8 * 1024 * 1024), admin);
            assertEquals(1, problems.size(), problems.toString());
            DmzStreamConfig fine = new DmzStreamConfig(Map.of());
            assertTrue(SizeLimitCheck.problems(fine, Map.of(), admin).isEmpty());
        }
    }

    @Test
    void theDeadLetterTopicMustAdmitTheLargestInputPlusTheDeadLetterHeaders() {
        String dlq = "sizecheck-headroom.dlq";
        DmzStreamConfig config = new DmzStreamConfig(Map.of(DmzStreamConfig.TOPIC_DLQ, dlq));
        // exactly the largest input: a dead letter of that input, with its headers, would not fit
        int largestInput = config.getInt(DmzStreamConfig.IMAGE_MAX_BYTES) + SizeBudget.OVERHEAD_BYTES;
        SharedKafka.get().createTopics(List.of(dlq), 1,
                Map.of("max.message.bytes", String.valueOf(largestInput)));
        try (Admin admin = SharedKafka.get().admin()) {
            var problems = SizeLimitCheck.problems(config, Map.of(), admin);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("topic " + dlq), problems.get(0));
        }
    }
}

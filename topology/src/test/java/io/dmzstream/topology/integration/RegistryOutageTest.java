package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.SwitchableRegistry;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transient fault of a dependency is not bad input: a valid event written with a schema id the
 * service has not cached yet arrives while the registry answers 503. It is not dead-lettered; the
 * task backs off and retries, also across a restart of the instance during the outage, and its
 * outputs appear once the registry is back.
 */
class RegistryOutageTest {
    @TempDir
    Path tmp;

    @Test
    void aValidRecordReadDuringARegistryOutageIsServedOnceTheRegistryIsBack() throws Exception {
        try (SwitchableRegistry registry = new SwitchableRegistry()) {
            Map<String, Object> props = TestConfigs.props("outage", tmp.resolve("a"));
            props.put(DmzStreamConfig.SCHEMA_REGISTRY_URL, registry.url());
            DmzStreamConfig config = new DmzStreamConfig(props);
            Topics t = config.topics();
            EventSerdes serdes = new EventSerdes(Map.of(DmzStreamConfig.SCHEMA_REGISTRY_URL, registry.url()));
            byte[] value = serdes.images().serializer().serialize(t.images(),
                    Images.raw("during-outage", "mnist", 1, OutputKind.LABEL).build());

            DmzStreamService first = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                    TestModels.source());
            try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
                first.awaitRunning(Duration.ofSeconds(60));
                registry.available(false);
                producer.send(new ProducerRecord<>(t.images(), 0, "k".getBytes(StandardCharsets.UTF_8), value))
                        .get(60, TimeUnit.SECONDS);
                awaitAtLeast(registry::refused, 2);
                assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty(),
                        "a registry outage is not bad input");
            } finally {
                first.close();
            }

            // restarted during the outage: the record is still not consumed
            int before = registry.refused();
            try (DmzStreamService second = DmzStreamService.start(
                    new DmzStreamConfig(props).with(Map.of(DmzStreamConfig.STATE_DIR, tmp.resolve("b").toString())),
                    SharedKafka.get().bootstrapServers(), TestModels.source())) {
                awaitAtLeast(registry::refused, before + 1);
                registry.available(true);
                var labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> !r.isEmpty(),
                        Duration.ofSeconds(90));
                assertEquals("during-outage", labels.get(0).value().getId());
                assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty());
            }
        }
    }

    private static void awaitAtLeast(IntSupplier count, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (count.getAsInt() < n) {
            assertTrue(System.currentTimeMillis() < deadline, "the service did not ask the registry: " + count.getAsInt());
            Thread.sleep(50);
        }
    }
}

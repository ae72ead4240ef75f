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
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central contract under a real crash: an instance in another JVM is SIGKILLed mid-batch (no
 * close, requests in flight, a transaction open); a new instance with an empty state folder takes
 * over, restores the durable buffer from its changelog and re-serves it. A read_committed consumer
 * then sees exactly one output of each requested kind per input.
 */
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void killedMidBatchThenTakenOverNothingLostNothingDuplicated() throws Exception {
        String name = "crash";
        DmzStreamConfig config = TestConfigs.config(name, tmp.resolve("a"));
        Topics t = config.topics();
        int n = 100;

        Process victim = CrashableInstance.launch(name, tmp.resolve("a"), 100);
        try {
            try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
                for (int i = 0; i < n; i++) {
                    KafkaTopics.send(producer, t.images(), "k" + i, Images.raw("id-" + i, "mnist", i,
                            OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(8).build());
                }
            }
            // let the victim commit part of the work, then kill it while the rest is in flight
            var before = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> r.size() >= 5, Duration.ofSeconds(90));
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int committedAtKill = KafkaTopics.readAll(t.reconstructions(), serdes.reconstructions().deserializer()).size();
            assertTrue(committedAtKill < n, "the victim must die mid-stream, had " + committedAtKill + " of " + n);
            assertTrue(before.size() >= 5);
        } finally {
            victim.destroyForcibly();
        }

        try (DmzStreamService successor = DmzStreamService.start(TestConfigs.config(name, tmp.resolve("b")),
                SharedKafka.get().bootstrapServers(), TestModels.source())) {
            Duration wait = Duration.ofSeconds(90);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= n, wait);
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= n, wait);
            // a little longer, so late duplicates would have time to show up
            Thread.sleep(1500);
            recons = KafkaTopics.readAll(t.reconstructions(), serdes.reconstructions().deserializer());
            latents = KafkaTopics.readAll(t.latents(), serdes.latents().deserializer());
            for (Map<String, Integer> counts : List.of(KafkaTopics.countById(recons), KafkaTopics.countById(latents))) {
                assertEquals(n, counts.size(), "every input served");
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "no duplicates: " + counts);
            }
            assertTrue(KafkaTopics.readAll(t.deadLetters(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                    .isEmpty());
        }
    }
}

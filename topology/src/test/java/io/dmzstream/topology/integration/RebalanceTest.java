package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances share the partitions: the second joins mid-stream (tasks move with requests in
 * flight), then the first leaves mid-stream. Every input still gets exactly one output per kind.
 */
class RebalanceTest {
    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void aJoinAndALeaveMidStreamLoseAndDuplicateNothing() throws Exception {
        String name = "rebalance";
        Topics t = TestConfigs.config(name, tmp.resolve("a")).topics();
        String bootstrap = SharedKafka.get().bootstrapServers();
        int n = 0;
        DmzStreamService a = DmzStreamService.start(TestConfigs.config(name, tmp.resolve("a")), bootstrap,
                TestModels.standIns(Duration.ofMillis(5)));
        DmzStreamService b = null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            n = produce(producer, t, n, 30);
            KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= 5, Duration.ofSeconds(60));
            b = DmzStreamService.start(TestConfigs.config(name, tmp.resolve("b")), bootstrap,
                    TestModels.standIns(Duration.ofMillis(5)));
            n = produce(producer, t, n, 30);
            b.awaitRunning(Duration.ofSeconds(60));
            n = produce(producer, t, n, 20);
            a.close();
            a = null;
            n = produce(producer, t, n, 20);

            int total = n;
            Duration wait = Duration.ofSeconds(90);
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= total, wait);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= total, wait);
            Thread.sleep(1000);
            latents = KafkaTopics.readAll(t.latents(), serdes.latents().deserializer());
            recons = KafkaTopics.readAll(t.reconstructions(), serdes.reconstructions().deserializer());
            for (Map<String, Integer> counts : List.of(KafkaTopics.countById(latents), KafkaTopics.countById(recons))) {
                assertEquals(total, counts.size());
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "no duplicates: " + counts);
            }
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }

    private static int produce(KafkaProducer<byte[], byte[]> producer, Topics t, int from, int count) {
        for (int i = from; i < from + count; i++) {
            KafkaTopics.send(producer, t.images(), "k" + i, Images.raw("id-" + i, "mnist", i,
                    OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(6).build());
        }
        producer.flush();
        return from + count;
    }
}

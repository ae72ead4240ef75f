package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Commands;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in the middle of a command: the victim (its own JVM, SIGKILLed: no close, a transaction
 * open) has committed some images of a command but not all; a successor with an empty state folder
 * restores the command and its count from the changelog. Read to the committed end after the
 * successor closed, every image of every command is there exactly once.
 */
class CommandCrashRecoveryTest {
    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void killedMidCommandEachImageProducedExactlyOnce() throws Exception {
        String name = "cmd-crash";
        int commands = 3;
        int count = 16;
        // four decode slots: a command's images finish a few at a time, over many commits
        String[] overrides = {DmzStreamConfig.DECODE_SLOTS + "=4"};
        Map<String, Object> props = TestConfigs.props(name, tmp.resolve("a"));
        props.put(DmzStreamConfig.DECODE_SLOTS, 4);
        Topics t = new DmzStreamConfig(props).topics();
        Deserializer<SampleEvent> samples = serdes.samples().deserializer();

        Process victim = CrashableInstance.launch(name, tmp.resolve("a"), 50, overrides);
        Map<String, Integer> atKill;
        try {
            try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
                for (int c = 0; c < commands; c++) {
                    Commands.send(producer, t.commands(), "k" + c, Commands.generate("cmd-" + c, "mnist", count)
                            .setSteps(20).setSeed(100L + c).build());
                }
            }
            // kill once a command is part-committed. At 20 steps of 50 ms per tick a command takes about
            // 4 s, several polls of the reader; at 6 steps a whole command once fitted between two polls
            KafkaTopics.await(t.samples(), samples, r -> partProduced(perCommand(r), count), Duration.ofSeconds(90));
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            atKill = perCommand(KafkaTopics.readAll(t.samples(), samples));
        } finally {
            victim.destroyForcibly();
        }
        int committedAtKill = atKill.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(committedAtKill < commands * count, "the victim must die mid-stream, had " + committedAtKill);
        assertTrue(partProduced(atKill, count), "a command must be part-produced at the kill: " + atKill);

        Map<String, Object> successorProps = TestConfigs.props(name, tmp.resolve("b"));
        successorProps.put(DmzStreamConfig.DECODE_SLOTS, 4);
        try (DmzStreamService successor = DmzStreamService.start(new DmzStreamConfig(successorProps),
                SharedKafka.get().bootstrapServers(), TestModels.source())) {
            KafkaTopics.await(t.samples(), samples, r -> Commands.countByImage(r).size() >= commands * count,
                    Duration.ofSeconds(90));
        }
        // the successor's close committed all it forwarded: the committed end is the final state
        List<ConsumerRecord<byte[], SampleEvent>> all = KafkaTopics.readAll(t.samples(), samples);
        Map<String, Integer> counts = Commands.countByImage(all);
        assertEquals(commands * count, counts.size(), "every image made");
        assertTrue(counts.values().stream().allMatch(n -> n == 1), "no image twice: " + counts);
        assertEquals(commands * count, all.size());
        assertTrue(KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()).isEmpty());
    }

    private static boolean partProduced(Map<String, Integer> perCommand, int count) {
        return perCommand.values().stream().anyMatch(n -> n > 0 && n < count);
    }

    private static Map<String, Integer> perCommand(List<ConsumerRecord<byte[], SampleEvent>> records) {
        Map<String, Integer> n = new HashMap<>();
        records.forEach(r -> n.merge(r.value().getCommandId().toString(), 1, Integer::sum));
        return n;
    }
}

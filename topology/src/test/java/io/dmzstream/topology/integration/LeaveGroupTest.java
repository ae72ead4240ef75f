package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gracefully closed instance (SIGTERM) leaves the consumer group, so its partitions move to the
 * others at once instead of after {@code session.timeout.ms} (Kafka Streams' plain close stays in
 * the group: its consumers do not send a leave request).
 */
class LeaveGroupTest {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aClosedInstancesPartitionsMoveToTheOtherWellWithinTheSessionTimeout() throws Exception {
        String name = "leave";
        String bootstrap = SharedKafka.get().bootstrapServers();
        String images = config(name, "a").topics().images();
        DmzStreamService a = DmzStreamService.start(config(name, "a"), bootstrap, TestModels.source());
        DmzStreamService b = null;
        try {
            a.awaitRunning(Duration.ofSeconds(60));
            b = DmzStreamService.start(config(name, "b"), bootstrap, TestModels.source());
            DmzStreamService first = a;
            DmzStreamService second = b;
            awaitTrue(() -> !inputPartitions(first, images).isEmpty() && !inputPartitions(second, images).isEmpty(),
                    Duration.ofSeconds(90), "both instances own partitions");

            long t0 = System.nanoTime();
            a.close();
            a = null;
            awaitTrue(() -> inputPartitions(second, images).size() == 4, SESSION_TIMEOUT.multipliedBy(2),
                    "the remaining instance owns every partition");
            Duration moved = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(moved.compareTo(SESSION_TIMEOUT.dividedBy(2)) < 0,
                    "partitions moved after " + moved.toMillis() + " ms; the session timeout is " + SESSION_TIMEOUT);
            assertEquals(4, inputPartitions(b, images).size());
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }

    private DmzStreamConfig config(String name, String instance) {
        Map<String, Object> props = TestConfigs.props(name, tmp.resolve(instance));
        props.put("streams.consumer.session.timeout.ms", String.valueOf(SESSION_TIMEOUT.toMillis()));
        props.put("streams.consumer.heartbeat.interval.ms", "1000");
        return new DmzStreamConfig(props);
    }

    /** The input partitions the instance's stream threads run active tasks for. */
    private static Set<TopicPartition> inputPartitions(DmzStreamService service, String topic) {
        return service.streams().metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(topic))
                .collect(Collectors.toSet());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}

package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PrometheusText;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that kills its stream thread every time (today: a tombstone) makes Kafka Streams
 * replace the thread over and over while the instance stays RUNNING: readiness must say so, and
 * {@code dmz_task_failures_total} counts the replacements. Once such records get an outcome of
 * their own (a dead letter), nothing here kills a thread any more and the test is skipped.
 */
class CrashLoopHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void aCrashLoopingTaskMakesTheInstanceNotReadyWithTheReason() throws Exception {
        Map<String, Object> props = TestConfigs.props("crashloop", tmp.resolve("state"));
        props.put(DmzStreamConfig.HEALTH_CRASHLOOP_REPLACEMENTS, 2);
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                TestModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            int port = service.httpPort().orElseThrow();
            service.awaitRunning(WAIT);
            assertEquals(200, Http.get(port, "/health/ready").statusCode());
            producer.send(new ProducerRecord<>(t.images(), "tombstone".getBytes(StandardCharsets.UTF_8), null)).get();

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (taskFailures(port) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assumeTrue(taskFailures(port) >= 1, "a tombstone no longer kills a stream thread: nothing crash-loops");

            HttpResponse<String> ready = Http.get(port, "/health/ready");
            while (!ready.body().contains("crash-looping") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                ready = Http.get(port, "/health/ready");
            }
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("crash-looping"), ready.body());
            assertTrue(taskFailures(port) >= 2);
            assertEquals(200, Http.get(port, "/health/live").statusCode(),
                    "a restart would not help: the record waits on its partition");
        }
    }

    private static double taskFailures(int port) throws Exception {
        return PrometheusText.parse(Http.get(port, "/metrics").body()).value("dmz_task_failures_total");
    }
}

package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.testing.FaultyModels;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PrometheusText;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that kills its stream thread every time (a Kafka client error in processing, with
 * {@code poison.max.failures} too high to end it as poison) makes Kafka Streams replace the thread
 * over and over while the instance stays RUNNING: readiness must say so, and
 * {@code dmz_task_failures_total} counts the replacements.
 */
class CrashLoopHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void aCrashLoopingTaskMakesTheInstanceNotReadyWithTheReason() throws Exception {
        Map<String, Object> props = TestConfigs.props("crashloop", tmp.resolve("state"));
        props.put(DmzStreamConfig.HEALTH_CRASHLOOP_REPLACEMENTS, 2);
        props.put(DmzStreamConfig.POISON_MAX_FAILURES, 1000);
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                FaultyModels.source()); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            int port = service.httpPort().orElseThrow();
            service.awaitRunning(WAIT);
            assertEquals(200, Http.get(port, "/health/ready").statusCode());
            KafkaTopics.send(producer, t.images(), "fails-every-time", Images.raw("x", "edges", 1, OutputKind.TRANSFER)
                    .setTargetDomain(FaultyModels.THROWS_KAFKA).build());

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (taskFailures(port) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(taskFailures(port) >= 1, "the record kills its stream thread");

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

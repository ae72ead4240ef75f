package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.FaultyDevice;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PrometheusText;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device fails every model call for a while, then recovers: no input is dead-lettered, every
 * output appears once the device answers, and meanwhile the instance says why it is not ready
 * (the device's circuit is open, the input partitions stalled behind the backpressure) on
 * /health/ready and /metrics.
 */
class DeviceOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();
    private final FaultyDevice device = new FaultyDevice();

    @Test
    void anOutageDelaysOutputsWithoutDeadLettersAndReadinessSaysWhy() throws Exception {
        Map<String, Object> props = TestConfigs.props("outage", tmp.resolve("state"));
        props.put(DmzStreamConfig.INFLIGHT_MAX_PER_TASK, 2);
        props.put(DmzStreamConfig.INFERENCE_CIRCUIT_BACKOFF_MS, 100L);
        props.put(DmzStreamConfig.INFERENCE_CIRCUIT_BACKOFF_MAX_MS, 1000L);
        props.put(DmzStreamConfig.HEALTH_STALL_TIMEOUT_MS, 1500L);
        // the outage outlasts the tests' short transaction timeout; this test is about the outage, not fencing
        props.put("streams.producer.transaction.timeout.ms", "60000");
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();
        int healthy = 4;
        int duringOutage = 24;
        try (DmzStreamService service = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                device.source(Duration.ZERO)); KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            int port = service.httpPort().orElseThrow();
            service.awaitRunning(WAIT);
            produce(producer, t, 0, healthy);
            KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= healthy, WAIT);
            assertEquals(200, Http.get(port, "/health/ready").statusCode());

            device.failEveryCall();
            produce(producer, t, healthy, duringOutage);
            HttpResponse<String> open = awaitReady(port, r -> r.statusCode() == 503 && r.body().contains("circuit"));
            assertTrue(open.body().contains("blank probe"), open.body());
            HttpResponse<String> stalled = awaitReady(port, r -> r.body().contains("no progress"));
            assertEquals(503, stalled.statusCode());
            assertEquals(200, Http.get(port, "/health/live").statusCode(), "an outage is not a reason to restart");
            PrometheusText during = scrape(port);
            assertEquals(1.0, during.value("dmz_engine_circuit_open", Map.of("device", "cpu")));
            assertTrue(during.value("dmz_partitions_stalled") >= 1);
            assertTrue(during.value("dmz_engine_device_faults_total", Map.of("device", "cpu", "kind", "batch")) >= 1);
            assertEquals(0.0, during.value("dmz_ready"));

            device.recover();
            int total = healthy + duringOutage;
            var latents = KafkaTopics.await(t.latents(), serdes.latents().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= total, WAIT);
            var recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> KafkaTopics.countById(r).size() >= total, WAIT);
            assertEquals(total, KafkaTopics.countById(latents).size());
            assertEquals(total, KafkaTopics.countById(recons).size());
            assertTrue(KafkaTopics.countById(latents).values().stream().allMatch(c -> c == 1), "no duplicates");
            assertEquals(List.of(), KafkaTopics.readAll(t.deadLetters(), new ByteArrayDeserializer()),
                    "an outage dead-letters nothing");
            awaitReady(port, r -> r.statusCode() == 200);
            PrometheusText after = scrape(port);
            assertEquals(0.0, after.value("dmz_engine_circuit_open", Map.of("device", "cpu")));
            assertTrue(after.value("dmz_engine_retries_total") >= 1);
            assertEquals(0.0, after.all("dmz_dead_letters_total").stream().mapToDouble(PrometheusText.Sample::value).sum());
        }
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, Topics t, int from, int count) {
        for (int i = from; i < from + count; i++) {
            KafkaTopics.send(producer, t.images(), "k" + i, Images.raw("id-" + i, "mnist", i,
                    OutputKind.LATENT, OutputKind.RECONSTRUCTION).setSteps(3).build());
        }
        producer.flush();
    }

    private static HttpResponse<String> awaitReady(int port, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> r = Http.get(port, "/health/ready");
        while (!done.test(r)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness never matched; last: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(100);
            r = Http.get(port, "/health/ready");
        }
        return r;
    }

    private static PrometheusText scrape(int port) throws Exception {
        return PrometheusText.parse(Http.get(port, "/metrics").body());
    }
}

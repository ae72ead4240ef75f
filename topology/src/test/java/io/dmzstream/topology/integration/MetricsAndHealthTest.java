package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.PoisonPills;
import io.dmzstream.topology.testing.PrometheusText;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.StandInModel;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestManifests;
import io.dmzstream.topology.testing.TestModels;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's /metrics and /health endpoints during a real run on the embedded broker: every
 * metric the dashboard, the alerts and ops/validate-compose.sh name is served, and the values
 * agree with what was actually published; readiness is down before the streams run and after
 * they stop.
 */
class MetricsAndHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double[] MNIST_TRAINING_MEANS = filled(StandInModel.BITS, 0.25);
    private static final double[] EDGES_TRAINING_MEANS = alternating(StandInModel.BITS);

    @TempDir
    Path tmp;

    private final EventSerdes serdes = EventSerdes.withoutRegistry();

    @Test
    void endpointsExposeTheNamedMetricsWithValuesMatchingTheRun() throws Exception {
        Path zoo = tmp.resolve("zoo");
        TestManifests.write(zoo, "standin-mnist", "standin-mnist", "mnist", MNIST_TRAINING_MEANS);
        TestManifests.write(zoo, "standin-edges", "standin-edges", "edges", EDGES_TRAINING_MEANS);
        TestManifests.write(zoo, "standin-fashion", "standin-fashion", "fashion", filled(StandInModel.BITS, 0.5));
        Map<String, Object> props = TestConfigs.props("obs", tmp.resolve("state"));
        props.put(DmzStreamConfig.MODEL_ZOO_DIR, zoo.toString());
        props.put(DmzStreamConfig.MODEL_NAMES, "standin-mnist,standin-edges,standin-fashion");
        DmzStreamConfig config = new DmzStreamConfig(props);
        Topics t = config.topics();

        int n = 20; // mnist: latent, label, reconstruction
        int m = 6;  // edges: latent, transfer to fashion
        DmzStreamService service = DmzStreamService.create(config, SharedKafka.get().bootstrapServers(),
                TestModels.source());
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
            int port = service.httpPort().orElseThrow();

            // before the stream threads start: live, not ready
            HttpResponse<String> notYet = Http.get(port, "/health/ready");
            assertEquals(503, notYet.statusCode(), notYet.body());
            assertTrue(notYet.body().contains("CREATED"), notYet.body());
            assertEquals(200, Http.get(port, "/health/live").statusCode());
            assertEquals(0.0, scrape(port).value("dmz_ready"));

            service.startStreams();
            service.awaitRunning(WAIT);
            HttpResponse<String> ready = Http.get(port, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());

            int decodeSteps = 0;
            for (int i = 0; i < n; i++) {
                int steps = 1 + i % 3;
                decodeSteps += steps;
                KafkaTopics.send(producer, t.images(), "m-" + i, Images.raw("m-" + i, "mnist", i,
                        OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION).setSteps(steps).build());
            }
            for (int i = 0; i < m; i++) {
                decodeSteps += 2;
                KafkaTopics.send(producer, t.images(), "e-" + i, Images.raw("e-" + i, "edges", 100 + i,
                        OutputKind.LATENT, OutputKind.TRANSFER).setTargetDomain("fashion").setSteps(2).build());
            }
            Map<List<String>, Integer> expectedDeadLetters = new HashMap<>();
            for (PoisonPills.Pill pill : PoisonPills.all(t.images()).values()) {
                producer.send(new ProducerRecord<>(t.images(), pill.name().getBytes(StandardCharsets.UTF_8), pill.value()));
                expectedDeadLetters.merge(List.of(pill.expectedStage(), pill.expectedReason()), 1, Integer::sum);
            }
            KafkaTopics.send(producer, t.images(), "poison", Images.poison("poison").build());
            expectedDeadLetters.merge(List.of("inference", "encode_failed"), 1, Integer::sum);
            producer.flush();

            List<ConsumerRecord<byte[], LatentEvent>> latents =
                    KafkaTopics.await(t.latents(), serdes.latents().deserializer(), r -> r.size() >= n + m, WAIT);
            int labels = KafkaTopics.await(t.labels(), serdes.labels().deserializer(), r -> r.size() >= n, WAIT).size();
            int recons = KafkaTopics.await(t.reconstructions(), serdes.reconstructions().deserializer(),
                    r -> r.size() >= n, WAIT).size();
            int transfers = KafkaTopics.await(t.transfers(), serdes.transfers().deserializer(),
                    r -> r.size() >= m, WAIT).size();
            int deadLetters = expectedDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
            KafkaTopics.await(t.deadLetters(), new ByteArrayDeserializer(), r -> r.size() >= deadLetters, WAIT);

            // per-partition Kafka client metrics are bound by a periodic refresh: wait for the input topic's lag
            PrometheusText page = awaitMetrics(port, p -> !inputTopicSeries(p, "kafka_consumer_fetch_manager_records_lag").isEmpty()
                    && !inputTopicSeries(p, "kafka_consumer_fetch_manager_records_lag_max").isEmpty());

            // every name the dashboard, alerts and validator rely on is served
            for (String name : validatorMetricNames()) {
                assertFalse(page.all(name).isEmpty(), "no " + name + " on /metrics; served: " + page.names());
            }
            assertFalse(page.all("kafka_stream_thread_process_rate").isEmpty());

            // outputs: what the counters say is what consumers read
            assertEquals(latents.size(), page.value("dmz_outputs_total", Map.of("kind", "latent")));
            assertEquals(n + m, latents.size());
            assertEquals(labels, page.value("dmz_outputs_total", Map.of("kind", "label")));
            assertEquals(recons, page.value("dmz_outputs_total", Map.of("kind", "reconstruction")));
            assertEquals(transfers, page.value("dmz_outputs_total", Map.of("kind", "transfer")));
            assertEquals(n + m, page.value("dmz_end_to_end_latency_seconds_count", Map.of("kind", "latent")));
            assertEquals(n + m, page.value("dmz_end_to_end_latency_seconds_bucket", Map.of("kind", "latent", "le", "+Inf")));
            double meanLatency = page.value("dmz_end_to_end_latency_seconds_sum", Map.of("kind", "latent")) / (n + m);
            assertTrue(meanLatency > 0 && meanLatency < WAIT.toSeconds(), "mean latency " + meanLatency);

            // dead letters by stage and reason, across the handler (deserialization) and the processor
            for (var e : expectedDeadLetters.entrySet()) {
                assertEquals(e.getValue().doubleValue(), page.value("dmz_dead_letters_total",
                        Map.of("stage", e.getKey().get(0), "reason", e.getKey().get(1))), e.getKey().toString());
            }
            assertEquals(deadLetters, page.all("dmz_dead_letters_total").stream().mapToDouble(s -> s.value()).sum());

            // engine: rows per device call add up to the work done; every lane has its histograms
            assertEquals(n + m, page.value("dmz_engine_batch_size_sum", Map.of("lane", "encode")),
                    "each good image encoded once (the poison's batch failed and was retried row by row)");
            assertTrue(page.value("dmz_engine_batch_size_count", Map.of("lane", "encode")) >= 1);
            assertEquals(decodeSteps, page.value("dmz_engine_batch_size_sum", Map.of("lane", "decode")),
                    "one row per trajectory per denoising step");
            assertEquals(m, page.value("dmz_engine_batch_size_sum", Map.of("lane", "transfer")));
            assertEquals(service.engine().stats().encodeCalls(),
                    page.value("dmz_engine_batch_size_count", Map.of("lane", "encode")));
            for (String lane : List.of("encode", "decode", "transfer")) {
                assertEquals(page.value("dmz_engine_batch_size_count", Map.of("lane", lane)),
                        page.value("dmz_engine_step_seconds_count", Map.of("lane", lane)), lane);
                assertFalse(page.all("dmz_engine_step_seconds_bucket", Map.of("lane", lane)).isEmpty(), lane);
                assertFalse(page.all("dmz_engine_queue_wait_seconds_bucket", Map.of("lane", lane)).isEmpty(), lane);
                assertFalse(page.all("dmz_engine_batch_size_bucket", Map.of("lane", lane)).isEmpty(), lane);
                assertEquals(0.0, page.value("dmz_lane_queue_depth", Map.of("lane", lane)), lane);
            }
            // every request that reached the engine left the encode queue once (the poison too)
            assertEquals(n + m + 1, page.value("dmz_engine_queue_wait_seconds_count", Map.of("lane", "encode")));
            assertEquals(n + m, page.value("dmz_engine_queue_wait_seconds_count", Map.of("lane", "decode")));
            assertEquals(m, page.value("dmz_engine_queue_wait_seconds_count", Map.of("lane", "transfer")));
            assertEquals(0.0, page.value("dmz_requests_in_flight"));

            // models served
            assertEquals(3, page.all("dmz_model_info").size());
            assertEquals(1.0, page.value("dmz_model_info",
                    Map.of("name", "standin-mnist", "version", "0.0.1", "domain", "mnist")));
            assertEquals(1.0, page.value("dmz_model_info",
                    Map.of("name", "standin-fashion", "version", "0.0.1", "domain", "fashion")));

            // drift: recomputed from the published latents against the manifests' training means
            double mnistDrift = page.value("dmz_code_bit_drift", Map.of("model", "standin-mnist"));
            double edgesDrift = page.value("dmz_code_bit_drift", Map.of("model", "standin-edges"));
            assertTrue(mnistDrift >= 0 && mnistDrift <= 1, "drift " + mnistDrift);
            assertEquals(expectedDrift(latents, "mnist", MNIST_TRAINING_MEANS), mnistDrift, 1e-9);
            assertEquals(expectedDrift(latents, "edges", EDGES_TRAINING_MEANS), edgesDrift, 1e-9);
            assertTrue(page.all("dmz_code_bit_drift", Map.of("model", "standin-fashion")).isEmpty(),
                    "fashion only decoded (transfer target): no codes, no drift");

            // label confidence: one observation per label, probabilities within [0, 1]
            assertEquals(labels, page.value("dmz_label_confidence_count", Map.of("model", "standin-mnist")));
            assertEquals(labels, page.value("dmz_label_confidence_bucket", Map.of("model", "standin-mnist", "le", "1.0")));
            double meanConfidence = page.value("dmz_label_confidence_sum", Map.of("model", "standin-mnist")) / labels;
            assertTrue(meanConfidence > 0.1 && meanConfidence <= 1.0, "mean confidence " + meanConfidence);
            assertEquals(1.0, page.value("dmz_ready"));

            // streams stop (not asked for by the service): no longer ready, and no longer live
            service.streams().close(Duration.ofSeconds(30));
            HttpResponse<String> stopped = Http.get(port, "/health/ready");
            assertEquals(503, stopped.statusCode(), stopped.body());
            assertTrue(stopped.body().contains("NOT_RUNNING"), stopped.body());
            assertEquals(503, Http.get(port, "/health/live").statusCode());
            assertEquals(0.0, scrape(port).value("dmz_ready"));

            // graceful close from two threads at once (signal hook and normal exit): both return, endpoints gone
            Thread other = new Thread(service::close);
            other.start();
            service.close();
            other.join(60_000);
            assertFalse(other.isAlive());
            assertFalse(service.engine().running());
            assertThrows(IOException.class, () -> Http.get(port, "/health/ready"));
        } finally {
            service.close();
        }
    }

    private static PrometheusText scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = Http.get(port, "/metrics");
        assertEquals(200, response.statusCode());
        return PrometheusText.parse(response.body());
    }

    private static PrometheusText awaitMetrics(int port, java.util.function.Predicate<PrometheusText> done)
            throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        PrometheusText page = scrape(port);
        while (!done.test(page)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("metrics never satisfied the condition; served: " + page.names());
            }
            Thread.sleep(500);
            page = scrape(port);
        }
        return page;
    }

    /** Series of a Kafka consumer metric for the input topic (Kafka writes obs.images as obs_images). */
    private static List<PrometheusText.Sample> inputTopicSeries(PrometheusText page, String name) {
        return page.all(name).stream().filter(s -> "obs_images".equals(s.labels().get("topic"))
                || "obs.images".equals(s.labels().get("topic"))).toList();
    }

    /** The metric names ops/validate-compose.sh allows the dashboard and alerts to query (its Python lists). */
    private static List<String> validatorMetricNames() throws IOException {
        Path script = Path.of("../ops/validate-compose.sh");
        if (!Files.exists(script)) {
            script = Path.of("ops/validate-compose.sh");
        }
        String text = Files.readString(script);
        List<String> names = new ArrayList<>();
        for (String list : List.of("COUNTERS", "GAUGES", "HISTOGRAMS", "KAFKA")) {
            Matcher m = Pattern.compile("\\n" + list + " = \\[(.*?)]", Pattern.DOTALL).matcher(text);
            assertTrue(m.find(), list + " list not found in " + script);
            Matcher quoted = Pattern.compile("\"([a-z_:]+)\"").matcher(m.group(1));
            List<String> found = new ArrayList<>();
            while (quoted.find()) {
                found.add(quoted.group(1));
            }
            assertFalse(found.isEmpty(), list);
            // histograms are checked through their _bucket, _count and _sum series
            for (String name : found) {
                if (list.equals("HISTOGRAMS")) {
                    names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
                } else {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static double expectedDrift(List<ConsumerRecord<byte[], LatentEvent>> latents, String domain,
                                        double[] training) {
        double[] sums = new double[training.length];
        int count = 0;
        for (ConsumerRecord<byte[], LatentEvent> r : latents) {
            if (!domain.equals(r.value().getDomain())) {
                continue;
            }
            byte[] packed = new byte[r.value().getBits().remaining()];
            r.value().getBits().duplicate().get(packed);
            for (int k = 0; k < training.length; k++) {
                sums[k] += (packed[k / 8] >> (7 - k % 8)) & 1;
            }
            count++;
        }
        assertTrue(count > 0, "no latents of " + domain);
        double drift = 0;
        for (int k = 0; k < training.length; k++) {
            drift += Math.abs(sums[k] / count - training[k]);
        }
        return drift / training.length;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] alternating(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 2;
        }
        return a;
    }
}

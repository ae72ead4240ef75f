package io.dmzstream.topology.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.testing.Http;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.KafkaTopics;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running {@code run}: readiness goes down first, Kafka Streams closes, then the
 * engine, then the HTTP endpoints; the process exits by itself; and no input is lost or duplicated:
 * what was in flight is served by the next owner from the durable buffer.
 */
class RunCommandShutdownTest {
    private static final Pattern PORT = Pattern.compile("http port (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void sigtermShutsDownInOrderAndLosesNothing() throws Exception {
        String name = "sigterm";
        DmzStreamConfig config = TestConfigs.config(name, tmp.resolve("b"));
        Topics t = config.topics();
        Files.createDirectories(tmp.resolve("a"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path childLog = tmp.resolve("run.log");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, RunningInstance.class.getName(),
                SharedKafka.get().bootstrapServers(), name, tmp.resolve("a").toString(), "100")
                .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        try {
            int port = -1;
            long started = System.currentTimeMillis();
            while (port < 0) {
                Matcher m = PORT.matcher(Files.readString(childLog));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                } else {
                    assertTrue(p.isAlive(), "exited before running:\n" + Files.readString(childLog));
                    assertTrue(System.currentTimeMillis() - started < 90_000, "no 'http port N' line:\n"
                            + Files.readString(childLog));
                    Thread.sleep(100);
                }
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (Http.get(port, "/health/ready").statusCode() != 200) {
                assertTrue(System.currentTimeMillis() < deadline, "never ready:\n" + Files.readString(childLog));
                Thread.sleep(200);
            }

            int n = 30;
            try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer()) {
                for (int i = 0; i < n; i++) {
                    KafkaTopics.send(producer, t.images(), "k" + i, Images.raw("id-" + i, "mnist", i).build());
                }
                producer.flush();
            }
            // let some outputs through, but stop while slow model calls still hold requests in flight
            KafkaTopics.await(t.latents(), EventSerdes.withoutRegistry().latents().deserializer(),
                    r -> !r.isEmpty(), Duration.ofSeconds(60));

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM:\n"
                    + Files.readString(childLog));
            String text = Files.readString(childLog);
            assertEquals(143, p.exitValue(), "exit status of a SIGTERM'd JVM:\n" + text);
            int previous = -1;
            for (String step : List.of("shutdown 1/4: readiness down", "shutdown 2/4: closing Kafka Streams",
                    "shutdown: Kafka Streams closed", "shutdown 3/4: closing the inference engine",
                    "inference engine closed", "shutdown 4/4: stopping the HTTP endpoints", "shutdown complete")) {
                int at = text.indexOf(step);
                assertTrue(at > previous, "'" + step + "' missing or out of order:\n" + text);
                previous = at;
            }

            // the next owner serves what was left in the durable buffer: each input exactly once
            try (DmzStreamService successor = DmzStreamService.start(config, SharedKafka.get().bootstrapServers(),
                    TestModels.source())) {
                var latents = KafkaTopics.await(t.latents(), EventSerdes.withoutRegistry().latents().deserializer(),
                        r -> r.size() >= n, Duration.ofSeconds(90));
                var counts = KafkaTopics.countById(latents);
                assertEquals(n, counts.size(), counts.toString());
                assertTrue(counts.values().stream().allMatch(c -> c == 1), "exactly once: " + counts);
            }
        } finally {
            p.destroyForcibly();
        }
    }
}

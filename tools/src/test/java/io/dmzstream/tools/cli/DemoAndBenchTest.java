package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.tools.bench.Benchmark;
import io.dmzstream.tools.bench.BenchmarkResult;
import io.dmzstream.tools.bench.Window;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo and the benchmark end to end on the shared broker, with stand-in models and tiny sizes. */
class DemoAndBenchTest {
    @TempDir
    Path tmp;

    static ImageSource syntheticDigits(int n) {
        Random r = new Random(3);
        byte[] px = new byte[n * 28 * 28];
        r.nextBytes(px);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return ImageSource.dataset(new Dataset("mnist", Dataset.Split.TEST, 28, 28, px, labels,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")), ImageFormat.RAW_U8);
    }

    private DmzStreamConfig config(String name) {
        return TestConfigs.config(name, tmp.resolve("state"))
                .with(Map.of(DmzStreamConfig.BOOTSTRAP_SERVERS, SharedKafka.get().bootstrapServers()));
    }

    @Test
    void demoPublishesProcessesAndSummarises() throws Exception {
        Path grid = tmp.resolve("grid.png");
        DemoRun.Summary s = DemoRun.run(config("demo"), TestModels.source(), syntheticDigits(40), 40, 5, grid,
                new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(40, s.images());
        assertTrue(s.throughputPerS() > 0);
        assertTrue(s.p99Ms() >= s.p50Ms());
        assertTrue(s.labelAccuracy() >= 0 && s.labelAccuracy() <= 1);
        assertTrue(Files.size(grid) > 100, "grid written");
    }

    @Test
    void generateDemoSendsCommandsThroughKafkaAndDrawsTheirSamples() throws Exception {
        Path grid = tmp.resolve("generate-grid.png");
        GenerateDemo.Summary s = GenerateDemo.run(config("demo-generate"), TestModels.source(), "mnist", 3, 4, 3, 1L,
                grid, new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(12, s.images());
        assertEquals(3, s.rows());
        assertTrue(s.conditional(), "the stand-in mnist prior is conditional: row r asks for class r");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(grid.toFile());
        assertTrue(img.getWidth() > img.getHeight(), "4 columns, 3 rows: " + img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void benchWritesEveryFigureOfTheJsonLayout() throws Exception {
        // tiny windows, two repetitions (so spreads exist): the structure, not the figures
        Benchmark.Settings tiny = new Benchmark.Settings(2, new Window(0.2, 0.5, 10, 30), new Window(0.1, 0.3, 5, 30),
                3, List.of(1, 8), List.of(8), List.of(0.5), 256);
        BenchmarkResult r = new Benchmark(config("bench"), TestModels.source(), syntheticDigits(64), tiny,
                new PrintStream(OutputStream.nullOutputStream())).run();
        r.write(tmp);
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("benchmarks.json").toFile());
        for (String key : List.of("encode.stream_ratio", "decode.stream_ratio", "encode.batching_gain",
                "decode.continuous_gain", "null_model.floor_ratio")) {
            String[] k = key.split("\\.");
            assertTrue(json.path(k[0]).path(k[1]).isNumber(), key);
            assertTrue(json.path("spread").path(key).isNumber(), "spread of " + key);
            assertEquals(2, json.path("figures").path(key).path("values").size(), "one value per repetition: " + key);
        }
        for (String path : List.of("raw_encode", "encode_stream", "decode_stream", "null_model", "kafka_floor")) {
            assertTrue(json.path("overhead_us_per_request").path(path).isNumber(), "overhead of " + path);
        }
        JsonNode cpu = json.path("cpu_us_per_request").path("encode.stream");
        for (String group : List.of("model", "stream", "kafka_io", "jit", "gc", "load", "broker_process")) {
            assertTrue(cpu.path(group).isNumber(), "CPU group " + group);
        }
        assertTrue(cpu.path("stream").asDouble() > 0, "the stream threads did work");
        assertTrue(json.path("latency_ms").path("curve").size() == 1 && json.path("latency_ms").has("p99_at_50"));
        assertEquals(Set.of("1", "8", "32"), fieldNames(json.path("batch_sweep_per_s").path("raw")));
        assertEquals(Set.of("8", "32"), fieldNames(json.path("batch_sweep_per_s").path("stream")));
        assertEquals(7, json.path("targets").size());
        assertTrue(json.path("flagged").isArray());
        assertTrue(json.path("idle_cpu_ms_per_s").path("encode.stream").path("broker_process").isNumber());
        assertTrue(json.path("idle_cpu_ms_per_s").path("null_model.floor").path("outside_model").isNumber());
        String md = Files.readString(tmp.resolve("benchmarks.md"));
        for (String text : List.of("(c) null-model topology", "(d) bare Kafka Streams floor", "has not been measured",
                "bench/throughput-vs-batch.png", "bench/latency-vs-load.png", "bench/cpu-per-request-encode.png")) {
            assertTrue(md.contains(text), "report mentions " + text);
        }
        for (String png : List.of("throughput-vs-batch.png", "latency-vs-load.png", "cpu-per-request-encode.png",
                "cpu-per-request-decode.png")) {
            assertTrue(Files.size(tmp.resolve("bench").resolve(png)) > 1000, png);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

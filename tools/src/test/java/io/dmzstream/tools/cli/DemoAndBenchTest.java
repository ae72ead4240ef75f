package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.tools.bench.Benchmark;
import io.dmzstream.tools.bench.BenchmarkResult;
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
    void benchWritesEveryFigureOfTheJsonLayout() throws Exception {
        BenchmarkResult r = new Benchmark(config("bench"), TestModels.source(), syntheticDigits(64),
                new Benchmark.Sizes(64, 16, 3, 1), new PrintStream(OutputStream.nullOutputStream())).run();
        r.write(tmp);
        Map<String, Object> json = r.json();
        assertEquals(Set.of("encode", "decode", "latency_ms", "machine"), json.keySet());
        assertEquals(Set.of("raw_per_s", "stream_per_s", "stream_ratio", "batch1_per_s", "batching_gain"),
                ((Map<?, ?>) json.get("encode")).keySet());
        assertEquals(Set.of("raw_per_s", "stream_per_s", "stream_ratio", "static_per_s", "continuous_per_s",
                "continuous_gain"), ((Map<?, ?>) json.get("decode")).keySet());
        assertTrue(Files.readString(tmp.resolve("benchmarks.md")).contains("continuous batching"));
        assertTrue(r.rawEncode() > 0 && r.streamEncode() > 0 && r.continuousDecode() > 0);
    }
}

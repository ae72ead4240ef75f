package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.topology.run.ConfigOptions;
import io.dmzstream.topology.run.Models;

import io.dmzstream.tools.bench.Benchmark;
import io.dmzstream.topology.config.DmzStreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Side-by-side measurements of the engine and the streaming path; writes docs/benchmarks.{md,json}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure raw vs streaming throughput, dynamic and continuous batching gains, latency at load.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--out", defaultValue = "docs", description = "Folder for benchmarks.md and benchmarks.json.")
    Path out;

    @Option(names = "--encode-n", defaultValue = "4096", description = "Requests in the encode measurements.")
    int encodeN;

    @Option(names = "--decode-n", defaultValue = "384", description = "Requests in the decode measurements.")
    int decodeN;

    @Option(names = "--steps", defaultValue = "10", description = "K for the decode-lane throughput measurements.")
    int steps;

    @Option(names = "--latency-seconds", defaultValue = "8", description = "Seconds of load per latency point.")
    int latencySeconds;

    @Option(names = "--dataset", defaultValue = "mnist", description = "Images to use (test split).")
    String dataset;

    @Override
    public Integer call() throws Exception {
        DmzStreamConfig config = options.load().with(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-bench-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-bench-" + System.currentTimeMillis(),
                // only the benchmarked domain's model: the numbers are about one model on one device
                DmzStreamConfig.MODEL_NAMES, "dmz-" + dataset,
                DmzStreamConfig.BRIDGE_NAMES, ""));
        Benchmark.Sizes sizes = new Benchmark.Sizes(encodeN, decodeN, steps, latencySeconds);
        io.dmzstream.tools.bench.BenchmarkResult result = new Benchmark(config, Models.fromConfig(config),
                ImageSource.open(dataset, io.dmzstream.schemas.ImageFormat.RAW_U8), sizes, System.err).run();
        result.write(out);
        System.out.println(result.markdown());
        return 0;
    }
}

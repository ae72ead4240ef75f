package io.dmzstream.tools.cli;

import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.tools.bench.Benchmark;
import io.dmzstream.tools.bench.BenchmarkResult;
import io.dmzstream.tools.bench.Window;
import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.run.ConfigOptions;
import io.dmzstream.topology.run.Models;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The four paths side by side (raw engine, full stream, null-model topology, bare Kafka Streams),
 * repeated, with CPU per request by thread group; writes docs/benchmarks.{md,json} and docs/bench/*.png.
 * Without options: the full measurement (about 16 minutes on 2 cores; run it on a quiet machine).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the stream against the raw engine, its null-model ceiling and Kafka's floor.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--out", defaultValue = "docs", description = "Folder for benchmarks.md, benchmarks.json and bench/.")
    Path out;

    @Option(names = "--quick", description = "Tiny windows: checks that every path runs; the figures mean nothing.")
    boolean quick;

    @Option(names = "--reps", description = "Repetitions of each headline figure (default 3).")
    Integer reps;

    @Option(names = "--warmup-seconds", description = "Warm-up before each measurement, not counted (default 3; twice that in the first repetition).")
    Double warmup;

    @Option(names = "--window-seconds", description = "Least steady-state window per measurement (default 20).")
    Double windowSeconds;

    @Option(names = "--window-requests", description = "Least completions per window (default 2000).")
    Long windowRequests;

    @Option(names = "--steps", description = "K of the decode-lane measurements (default 10).")
    Integer steps;

    @Option(names = "--devices", description = "Inference devices, e.g. cpu, gpu:0 or gpu:0,gpu:1 (default: config).")
    String devices;

    @Option(names = "--dataset", defaultValue = "mnist", description = "Images to use (test split).")
    String dataset;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = new HashMap<>(Map.of(
                // only the benchmarked domain's model: the numbers are about one model on one device
                DmzStreamConfig.MODEL_NAMES, "dmz-" + dataset,
                DmzStreamConfig.BRIDGE_NAMES, ""));
        if (devices != null) {
            overrides.put(DmzStreamConfig.DEVICES, devices);
        }
        DmzStreamConfig config = options.load().with(overrides);
        BenchmarkResult result = new Benchmark(config, Models.fromConfig(config),
                ImageSource.open(dataset, ImageFormat.RAW_U8), settings(), System.err).run();
        result.write(out);
        System.out.println(result.markdown());
        return 0;
    }

    Benchmark.Settings settings() {
        Benchmark.Settings base = quick ? Benchmark.Settings.quick() : Benchmark.Settings.standard();
        Window w = base.window();
        Window headline = new Window(warmup != null ? warmup : w.warmupSeconds(),
                windowSeconds != null ? windowSeconds : w.minSeconds(),
                windowRequests != null ? windowRequests : w.minRequests(),
                Math.max(w.maxSeconds(), windowSeconds != null ? 3 * windowSeconds : 0));
        return new Benchmark.Settings(reps != null ? reps : base.repetitions(), headline, base.curveWindow(),
                steps != null ? steps : base.steps(), base.rawBatchSizes(), base.streamBatchSizes(),
                base.loadFractions(), base.streamOutstanding());
    }
}

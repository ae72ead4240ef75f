package io.dmzstream.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dmzstream.topology.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's figures: every repetition of every path, the sweeps and the latency curve; the
 * JSON layout (docs/benchmarks.json), the Markdown report (docs/benchmarks.md) and its plots.
 */
public record BenchmarkResult(Map<String, List<Measured>> runs, Map<Integer, Measured> rawSweep,
                              Map<Integer, Measured> streamSweep, List<LoadPoint> latency,
                              Map<String, Meter.Idle> idle, String machine,
                              EngineSettings engine, Benchmark.Settings settings, int inferenceThreads,
                              String processingGuarantee, int streamThreads, int partitions,
                              boolean brokerProcess, double durationSeconds) {
    /** A latency point at a fraction of the stream's maximum encode throughput. */
    public record LoadPoint(double fraction, Meter.LatencyPoint point) {
    }

    /** A ratio of two paths, computed per repetition. */
    record Ratio(String key, String numerator, String denominator) {
    }

    static final List<Ratio> RATIOS = List.of(
            new Ratio("encode.stream_ratio", Benchmark.STREAM_ENCODE, Benchmark.RAW_ENCODE),
            new Ratio("decode.stream_ratio", Benchmark.STREAM_DECODE, Benchmark.RAW_DECODE),
            new Ratio("encode.batching_gain", Benchmark.RAW_ENCODE, Benchmark.BATCH1),
            new Ratio("decode.continuous_gain", Benchmark.CONTINUOUS, Benchmark.STATIC),
            new Ratio("null_model.floor_ratio", Benchmark.NULL_MODEL, Benchmark.FLOOR));

    /** Paths whose CPU per request the report breaks down, with their names in the report. */
    static final Map<String, String> PATHS = paths();

    private static Map<String, String> paths() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Benchmark.RAW_ENCODE, "(a) raw engine, encode");
        m.put(Benchmark.STREAM_ENCODE, "(b) full stream, encode");
        m.put(Benchmark.NULL_MODEL, "(c) null-model topology");
        m.put(Benchmark.FLOOR, "(d) bare Kafka Streams floor");
        m.put(Benchmark.RAW_DECODE, "(a) raw engine, decode");
        m.put(Benchmark.STREAM_DECODE, "(b) full stream, decode");
        m.put(Benchmark.BATCH1, "raw engine, encode, max batch 1");
        m.put(Benchmark.STATIC, "raw engine, mixed K, static");
        m.put(Benchmark.CONTINUOUS, "raw engine, mixed K, continuous");
        return m;
    }

    /** The JSON keys of {@link #overheadUsPerRequest()}. */
    static final Map<String, String> OVERHEAD_KEYS = Map.of(Benchmark.RAW_ENCODE, "raw_encode",
            Benchmark.STREAM_ENCODE, "encode_stream", Benchmark.STREAM_DECODE, "decode_stream",
            Benchmark.NULL_MODEL, "null_model", Benchmark.FLOOR, "kafka_floor", Benchmark.RAW_DECODE, "raw_decode");

    public Repeated throughput(String path) {
        return over(path, Measured::perSecond);
    }

    public Repeated over(String path, ToDoubleFunction<Measured> f) {
        List<Measured> m = runs.get(path);
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException("no measurement of " + path);
        }
        return new Repeated(m.stream().map(f::applyAsDouble).toList());
    }

    public Repeated ratio(String key) {
        Ratio r = RATIOS.stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
        List<Measured> num = runs.get(r.numerator());
        List<Measured> den = runs.get(r.denominator());
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < Math.min(num.size(), den.size()); i++) {
            values.add(num.get(i).perSecond() / den.get(i).perSecond());
        }
        return new Repeated(values);
    }

    /** CPU-µs per request outside the model, by path (median over repetitions). */
    public Map<String, Double> overheadUsPerRequest() {
        Map<String, Double> out = new LinkedHashMap<>();
        OVERHEAD_KEYS.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getValue(), round(over(e.getKey(), Measured::overheadUs).median())));
        return out;
    }

    /** A target of the issue, its measured value and whether it is met. */
    public record Target(String name, String figure, double value, String comparison, double goal) {
        public boolean met() {
            return Double.isFinite(value) && (comparison.equals(">=") ? value >= goal : value <= goal);
        }
    }

    public List<Target> targets() {
        LoadPoint half = latency.stream().filter(p -> p.fraction() == 0.5).findFirst().orElse(null);
        double tail = half == null ? Double.NaN : half.point().p99Ms() / half.point().p50Ms();
        return List.of(
                new Target("null-model topology / bare Kafka Streams floor", "null_model.floor_ratio",
                        ratio("null_model.floor_ratio").median(), ">=", 0.5),
                new Target("CPU-µs per request outside the model (stream, encode)", "overhead_us_per_request.encode_stream",
                        over(Benchmark.STREAM_ENCODE, Measured::overheadUs).median(), "<=", 100),
                new Target("full stream / raw engine, decode (K = " + settings.steps() + ")", "decode.stream_ratio",
                        ratio("decode.stream_ratio").median(), ">=", 0.9),
                new Target("full stream / raw engine, encode", "encode.stream_ratio",
                        ratio("encode.stream_ratio").median(), ">=", 0.7),
                new Target("continuous / static decode batching, mixed K", "decode.continuous_gain",
                        ratio("decode.continuous_gain").median(), ">=", 1.3),
                new Target("dynamic batching gain (max batch " + engine.maxBatchSize() + " vs 1)",
                        "encode.batching_gain", ratio("encode.batching_gain").median(), ">=", 5),
                new Target("p99 / p50 end-to-end latency at 50% of max load", "latency_ms.p99_at_50 / p50_at_50",
                        tail, "<=", 3));
    }

    public Map<String, Object> json() {
        Map<String, Object> encode = new LinkedHashMap<>();
        encode.put("raw_per_s", round(throughput(Benchmark.RAW_ENCODE).median()));
        encode.put("stream_per_s", round(throughput(Benchmark.STREAM_ENCODE).median()));
        encode.put("stream_ratio", round(ratio("encode.stream_ratio").median()));
        encode.put("batch1_per_s", round(throughput(Benchmark.BATCH1).median()));
        encode.put("batching_gain", round(ratio("encode.batching_gain").median()));
        Map<String, Object> decode = new LinkedHashMap<>();
        decode.put("steps", settings.steps());
        decode.put("raw_per_s", round(throughput(Benchmark.RAW_DECODE).median()));
        decode.put("stream_per_s", round(throughput(Benchmark.STREAM_DECODE).median()));
        decode.put("stream_ratio", round(ratio("decode.stream_ratio").median()));
        decode.put("static_per_s", round(throughput(Benchmark.STATIC).median()));
        decode.put("continuous_per_s", round(throughput(Benchmark.CONTINUOUS).median()));
        decode.put("continuous_gain", round(ratio("decode.continuous_gain").median()));
        decode.put("static_p99_ms", round(over(Benchmark.STATIC, Measured::p99Ms).median()));
        decode.put("continuous_p99_ms", round(over(Benchmark.CONTINUOUS, Measured::p99Ms).median()));
        Map<String, Object> nullModel = new LinkedHashMap<>();
        nullModel.put("null_model_per_s", round(throughput(Benchmark.NULL_MODEL).median()));
        nullModel.put("floor_per_s", round(throughput(Benchmark.FLOOR).median()));
        nullModel.put("floor_ratio", round(ratio("null_model.floor_ratio").median()));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("encode", encode);
        root.put("decode", decode);
        root.put("null_model", nullModel);
        root.put("overhead_us_per_request", overheadUsPerRequest());
        Map<String, Object> model = new LinkedHashMap<>();
        for (String p : List.of(Benchmark.RAW_ENCODE, Benchmark.STREAM_ENCODE, Benchmark.RAW_DECODE,
                Benchmark.STREAM_DECODE)) {
            model.put(OVERHEAD_KEYS.get(p), round(over(p, Measured::modelUs).median()));
        }
        root.put("model_us_per_request", model);
        root.put("cpu_us_per_request", cpuTable());
        Map<String, Object> spread = new LinkedHashMap<>();
        RATIOS.forEach(r -> spread.put(r.key(), round(ratio(r.key()).spread())));
        root.put("spread", spread);
        root.put("figures", figures());
        root.put("flagged", flagged());
        root.put("latency_ms", latencyJson());
        root.put("idle_cpu_ms_per_s", idleJson());
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("raw", sweepJson(rawSweepWithReps()));
        sweep.put("stream", sweepJson(streamSweepWithReps()));
        root.put("batch_sweep_per_s", sweep);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Target t : targets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t.name());
            m.put("figure", t.figure());
            m.put("value", finite(t.value()));
            m.put("goal", t.comparison() + " " + t.goal());
            m.put("met", t.met());
            targets.add(m);
        }
        root.put("targets", targets);
        root.put("settings", settingsJson());
        root.put("machine", machine);
        root.put("duration_s", round(durationSeconds));
        return root;
    }

    /** path -> group -> median CPU-µs per request, with the broker and what no group accounts for. */
    Map<String, Map<String, Object>> cpuTable() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        PATHS.forEach((path, label) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            for (CpuGroup group : CpuGroup.values()) {
                g.put(group.key(), round(over(path, m -> m.usPerRequest(group)).median()));
            }
            g.put("unattributed", round(over(path, Measured::unattributedUs).median()));
            g.put("broker_process", round(over(path, Measured::brokerUs).median()));
            g.put("outside_model", round(over(path, Measured::overheadUs).median()));
            out.put(path, g);
        });
        return out;
    }

    /** Every repeated figure: median, min, max, spread and the values. */
    Map<String, Object> figures() {
        Map<String, Object> out = new LinkedHashMap<>();
        PATHS.keySet().forEach(p -> out.put(p + ".per_s", stats(throughput(p))));
        RATIOS.forEach(r -> out.put(r.key(), stats(ratio(r.key()))));
        List.of(Benchmark.STREAM_ENCODE, Benchmark.STREAM_DECODE, Benchmark.NULL_MODEL, Benchmark.FLOOR)
                .forEach(p -> out.put(p + ".outside_model_us", stats(over(p, Measured::overheadUs))));
        return out;
    }

    /** Names of the repeated figures whose spread exceeds {@link Repeated#SPREAD_LIMIT}. */
    public List<String> flagged() {
        List<String> out = new ArrayList<>();
        PATHS.keySet().forEach(p -> {
            if (throughput(p).unreliable()) {
                out.add(p + ".per_s");
            }
        });
        RATIOS.forEach(r -> {
            if (ratio(r.key()).unreliable()) {
                out.add(r.key());
            }
        });
        List.of(Benchmark.STREAM_ENCODE, Benchmark.STREAM_DECODE, Benchmark.NULL_MODEL, Benchmark.FLOOR)
                .forEach(p -> {
                    if (over(p, Measured::overheadUs).unreliable()) {
                        out.add(p + ".outside_model_us");
                    }
                });
        return out;
    }

    private static Map<String, Object> stats(Repeated r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", round(r.median()));
        m.put("min", round(r.min()));
        m.put("max", round(r.max()));
        m.put("spread", round(r.spread()));
        m.put("values", r.values().stream().map(BenchmarkResult::round).toList());
        return m;
    }

    private Map<String, Object> latencyJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        LoadPoint half = at(0.5);
        LoadPoint ninety = at(0.9);
        m.put("p50_at_50", half == null ? null : finite(half.point().p50Ms()));
        m.put("p99_at_50", half == null ? null : finite(half.point().p99Ms()));
        m.put("p50_at_90", ninety == null ? null : finite(ninety.point().p50Ms()));
        m.put("p99_at_90", ninety == null ? null : finite(ninety.point().p99Ms()));
        List<Map<String, Object>> curve = new ArrayList<>();
        for (LoadPoint p : latency) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("fraction", p.fraction());
            c.put("offered_per_s", round(p.point().offeredPerS()));
            c.put("achieved_per_s", round(p.point().achievedPerS()));
            c.put("p50", finite(p.point().p50Ms()));
            c.put("p99", finite(p.point().p99Ms()));
            c.put("samples", p.point().samples());
            curve.add(c);
        }
        m.put("curve", curve);
        return m;
    }

    /** path -> group -> CPU-ms per second with no load, and the broker's. */
    Map<String, Map<String, Object>> idleJson() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        idle.forEach((path, i) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            for (CpuGroup group : CpuGroup.values()) {
                g.put(group.key(), round(i.msPerSecond(i.cpu().groupNanos(group))));
            }
            g.put("outside_model", round(i.msPerSecond(i.cpu().overheadNanos())));
            g.put("broker_process", round(i.msPerSecond(i.brokerNanos())));
            out.put(path, g);
        });
        return out;
    }

    private LoadPoint at(double fraction) {
        return latency.stream().filter(p -> p.fraction() == fraction).findFirst().orElse(null);
    }

    /** The raw sweep with the repeated points (max batch 1 and the configured size) as their medians. */
    Map<Integer, Double> rawSweepWithReps() {
        Map<Integer, Double> out = new java.util.TreeMap<>();
        rawSweep.forEach((b, m) -> out.put(b, m.perSecond()));
        out.put(1, throughput(Benchmark.BATCH1).median());
        out.put(engine.maxBatchSize(), throughput(Benchmark.RAW_ENCODE).median());
        return out;
    }

    Map<Integer, Double> streamSweepWithReps() {
        Map<Integer, Double> out = new java.util.TreeMap<>();
        streamSweep.forEach((b, m) -> out.put(b, m.perSecond()));
        out.put(engine.maxBatchSize(), throughput(Benchmark.STREAM_ENCODE).median());
        return out;
    }

    private static Map<String, Object> sweepJson(Map<Integer, Double> sweep) {
        Map<String, Object> m = new LinkedHashMap<>();
        sweep.forEach((b, v) -> m.put(String.valueOf(b), round(v)));
        return m;
    }

    private Map<String, Object> settingsJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", engine.devices().stream().map(Object::toString).toList());
        m.put("max_batch_size", engine.maxBatchSize());
        m.put("max_queue_delay_ms", engine.maxQueueDelay().toMillis());
        m.put("decode_slots", engine.decodeSlots());
        m.put("sampler", engine.sampler().toString());
        m.put("inference_threads", inferenceThreads);
        m.put("processing_guarantee", processingGuarantee);
        m.put("stream_threads", streamThreads);
        m.put("partitions", partitions);
        m.put("repetitions", settings.repetitions());
        m.put("window", windowJson(settings.window()));
        m.put("curve_window", windowJson(settings.curveWindow()));
        m.put("broker", brokerProcess ? "own process" : "external (bootstrap.servers)");
        return m;
    }

    private static Map<String, Object> windowJson(Window w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup_s", w.warmupSeconds());
        m.put("min_s", w.minSeconds());
        m.put("min_requests", w.minRequests());
        m.put("max_s", w.maxSeconds());
        return m;
    }

    public String markdown() {
        return new BenchmarkReport(this).markdown();
    }

    /** Writes benchmarks.md, benchmarks.json and the plots under {@code folder}/bench/. */
    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        BenchPlots.write(this, folder.resolve(BenchPlots.FOLDER));
        Files.writeString(folder.resolve("benchmarks.md"), markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(folder.resolve("benchmarks.json").toFile(), json());
    }

    static Object finite(double v) {
        return Double.isFinite(v) ? round(v) : null;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

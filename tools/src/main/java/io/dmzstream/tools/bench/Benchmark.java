package io.dmzstream.tools.bench;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.tools.load.Publisher;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.StreamsProperties;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.engine.DecodeMode;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceRequest;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.engine.TransferBridge;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark of issue 12: four paths side by side in one run, each measured in a steady-state
 * window after a warm-up, repeated, with the CPU of every thread group of this JVM and of the
 * broker (a process of its own unless {@code bootstrap.servers} names a cluster):
 * <ol type="a">
 *   <li>the raw engine (requests submitted in-process), encode and decode lanes, max batch 1,
 *       static and continuous decode batching on mixed K;</li>
 *   <li>the full stream: the service's topology through Kafka, encode and decode;</li>
 *   <li>the same topology with a {@link NullModel} (answers at once): the service's ceiling;</li>
 *   <li>a bare Kafka Streams application doing only the Kafka work ({@link KafkaFloor}): the floor.</li>
 * </ol>
 * Then, once: throughput against max batch size (raw and stream) and latency against offered load.
 * Each repetition runs every path in the same order; a path's Streams application starts fresh
 * (own topics, own application id) and is closed before the next, so nothing idles alongside.
 */
public final class Benchmark {
    static final String RAW_ENCODE = "encode.raw";
    static final String BATCH1 = "encode.batch1";
    static final String RAW_DECODE = "decode.raw";
    static final String STATIC = "decode.static";
    static final String CONTINUOUS = "decode.continuous";
    static final String STREAM_ENCODE = "encode.stream";
    static final String STREAM_DECODE = "decode.stream";
    static final String NULL_MODEL = "null_model.stream";
    static final String FLOOR = "null_model.floor";
    static final int[] MIXED_K = {2, 5, 10, 20, 50};
    /** The service's Streams settings that the floor application shares. */
    static final List<String> FLOOR_SETTINGS = List.of(StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.NUM_STREAM_THREADS_CONFIG, StreamsConfig.POLL_MS_CONFIG, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            StreamsConfig.STATE_DIR_CONFIG, StreamsConfig.REPLICATION_FACTOR_CONFIG);

    /**
     * What the benchmark runs.
     *
     * @param repetitions       repetitions of every headline figure
     * @param window            warm-up and steady-state window of each headline measurement
     * @param curveWindow       the same for the plot-only points (batch sweep, latency away from 50%)
     * @param steps             K of the decode-lane measurements
     * @param rawBatchSizes     max batch sizes of the raw-engine sweep (the configured one is measured anyway)
     * @param streamBatchSizes  max batch sizes of the stream sweep
     * @param loadFractions     offered loads, as fractions of the stream's measured encode maximum
     * @param streamOutstanding requests the closed-loop stream load keeps in flight
     */
    public record Settings(int repetitions, Window window, Window curveWindow, int steps, List<Integer> rawBatchSizes,
                           List<Integer> streamBatchSizes, List<Double> loadFractions, int streamOutstanding) {
        public Settings {
            rawBatchSizes = List.copyOf(rawBatchSizes);
            streamBatchSizes = List.copyOf(streamBatchSizes);
            loadFractions = List.copyOf(loadFractions);
            if (repetitions < 1) {
                throw new IllegalArgumentException("at least one repetition");
            }
        }

        /** The full measurement (about 15 minutes on 2 cores). */
        public static Settings standard() {
            return new Settings(3, Window.standard(), new Window(2, 10, 1000, 120), 10, List.of(1, 8, 32, 128),
                    List.of(8, 32, 128), List.of(0.25, 0.5, 0.9), 2048);
        }

        /** A short run that exercises every path (not a measurement). */
        public static Settings quick() {
            return new Settings(3, new Window(1, 2, 50, 30), new Window(0.5, 1, 20, 30), 10, List.of(1, 8, 32),
                    List.of(8, 32), List.of(0.5, 0.9), 1024);
        }

        public Settings withWindows(Window headline, Window curve) {
            return new Settings(repetitions, headline, curve, steps, rawBatchSizes, streamBatchSizes, loadFractions,
                    streamOutstanding);
        }
    }

    private final DmzStreamConfig config;
    private final ModelSource models;
    private final ImageSource images;
    private final Settings settings;
    private final PrintStream log;
    private final String domain;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private int instances;
    /** State folders of the run's Streams applications, deleted at the end. */
    private Path stateRoot;

    public Benchmark(DmzStreamConfig config, ModelSource models, ImageSource images, Settings settings,
                     PrintStream log) {
        this.config = config;
        this.models = models;
        this.images = images;
        this.settings = settings;
        this.log = log;
        this.domain = images.domain();
    }

    public BenchmarkResult run() throws Exception {
        long started = System.nanoTime();
        ThreadCpu cpu = new ThreadCpu();
        Map<ModelCatalog, Boolean> opened = new IdentityHashMap<>();
        // engines close their catalogs; every path of the run shares one set of loaded models
        ModelSource shared = device -> {
            ModelCatalog real = models.open(device);
            opened.put(real, true);
            return keepOpen(real);
        };
        BrokerProcess brokerProcess = null;
        try {
            String bootstrap;
            LongSupplier brokerCpu;
            if (config.embeddedBroker()) {
                log.println("bench: starting the broker in a process of its own");
                brokerProcess = BrokerProcess.start(Duration.ofMinutes(2));
                bootstrap = brokerProcess.bootstrapServers();
                brokerCpu = brokerProcess::cpuNanos;
            } else {
                bootstrap = config.getString(DmzStreamConfig.BOOTSTRAP_SERVERS);
                brokerCpu = () -> 0L;
            }
            Meter meter = new Meter(cpu, brokerCpu, log);
            EngineSettings base = config.engineSettings();
            Map<String, List<Measured>> runs = new LinkedHashMap<>();
            List<BenchmarkResult.LoadPoint> latency = new ArrayList<>();
            Map<String, Meter.Idle> idle = new LinkedHashMap<>();
            int[] outputSizes = {256, 256};
            List<InferenceRequest> encodes = encodeRequests();
            List<InferenceRequest> decodes = decodeRequests(null);
            List<InferenceRequest> mixed = decodeRequests(new Random(7));
            for (int rep = 1; rep <= settings.repetitions(); rep++) {
                log.printf("bench: repetition %d of %d%n", rep, settings.repetitions());
                // the first repetition also compiles every path: its warm-ups are twice as long
                Window w = rep == 1 ? settings.window().longerWarmup(2) : settings.window();
                add(runs, RAW_ENCODE, raw(meter, "raw engine, encode", base, encodes, w, shared));
                add(runs, BATCH1, raw(meter, "raw engine, encode, max batch 1",
                        base.toBuilder().maxBatchSize(1).build(), encodes, w, shared));
                add(runs, RAW_DECODE, raw(meter, "raw engine, decode K=" + settings.steps(), base, decodes, w, shared));
                add(runs, STATIC, raw(meter, "raw engine, mixed K, static",
                        base.toBuilder().decodeMode(DecodeMode.STATIC).build(), mixed, w, shared));
                add(runs, CONTINUOUS, raw(meter, "raw engine, mixed K, continuous",
                        base.toBuilder().decodeMode(DecodeMode.CONTINUOUS).build(), mixed, w, shared));
                boolean last = rep == settings.repetitions();
                try (StreamPath path = service(bootstrap, "stream", base.maxBatchSize(), shared)) {
                    add(runs, STREAM_ENCODE, path.closedLoop(meter, "stream, encode", w, path.encodes, path.topics.labels()));
                    add(runs, STREAM_DECODE, path.closedLoop(meter, "stream, decode K=" + settings.steps(), w,
                            path.decodes, path.topics.reconstructions()));
                    outputSizes = new int[]{path.tap.meanBytes(path.topics.latents(), 256),
                            path.tap.meanBytes(path.topics.labels(), 256)};
                    if (last) {
                        double max = new Repeated(runs.get(STREAM_ENCODE).stream().map(Measured::perSecond).toList())
                                .median();
                        for (double f : settings.loadFractions()) {
                            Window lw = f == 0.5 ? settings.window() : settings.curveWindow();
                            latency.add(new BenchmarkResult.LoadPoint(f, path.openLoop(meter,
                                    String.format("stream, encode at %.0f%% of max", f * 100), lw, f * max)));
                        }
                        idle.put(Benchmark.STREAM_ENCODE, meter.idle("stream", idleSeconds()));
                    }
                }
                ModelSource nulls = device -> nullCatalog(shared.open(device));
                try (StreamPath path = service(bootstrap, "null", base.maxBatchSize(), nulls)) {
                    add(runs, NULL_MODEL, path.closedLoop(meter, "null model, encode", w, path.encodes,
                            path.topics.labels()));
                }
                try (StreamPath path = floor(bootstrap, outputSizes)) {
                    add(runs, FLOOR, path.closedLoop(meter, "bare Kafka Streams floor", w, path.encodes,
                            path.topics.latents()));
                    if (last) {
                        idle.put(Benchmark.FLOOR, meter.idle("bare Kafka Streams floor", idleSeconds()));
                    }
                }
            }
            log.println("bench: throughput against max batch size");
            Map<Integer, Measured> rawSweep = new TreeMap<>();
            for (int b : settings.rawBatchSizes()) {
                if (b != 1 && b != base.maxBatchSize()) {
                    rawSweep.put(b, raw(meter, "raw engine, encode, max batch " + b,
                            base.toBuilder().maxBatchSize(b).build(), encodes, settings.curveWindow(), shared));
                }
            }
            Map<Integer, Measured> streamSweep = new TreeMap<>();
            for (int b : settings.streamBatchSizes()) {
                if (b != base.maxBatchSize()) {
                    try (StreamPath path = service(bootstrap, "batch" + b, b, shared)) {
                        streamSweep.put(b, path.closedLoop(meter, "stream, encode, max batch " + b,
                                settings.curveWindow(), path.encodes, path.topics.labels()));
                    }
                }
            }
            return new BenchmarkResult(runs, rawSweep, streamSweep, latency, idle, machine(), base, settings,
                    config.inferenceThreads(), config.getString(DmzStreamConfig.PROCESSING_GUARANTEE),
                    config.getInt(DmzStreamConfig.STREAM_THREADS), config.getInt(DmzStreamConfig.TOPIC_PARTITIONS),
                    brokerProcess != null, (System.nanoTime() - started) / 1e9);
        } finally {
            if (brokerProcess != null) {
                brokerProcess.close();
            }
            opened.keySet().forEach(ModelCatalog::close);
            if (stateRoot != null) {
                BrokerProcess.deleteQuietly(stateRoot);
            }
        }
    }

    /** How long the idle cost of a running path is measured: a quarter of a window. */
    private double idleSeconds() {
        return Math.max(0.5, settings.window().minSeconds() / 4);
    }

    private static void add(Map<String, List<Measured>> runs, String key, Measured m) {
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }

    /** Path (a): requests submitted to an engine in this JVM, a closed loop of a few batches in flight. */
    private Measured raw(Meter meter, String name, EngineSettings s, List<InferenceRequest> requests, Window w,
                         ModelSource source) throws InterruptedException {
        try (InferenceEngine engine = InferenceEngine.start(s, source)) {
            Flow flow = new Flow(Math.max(64, 4 * Math.max(s.maxBatchSize(), s.decodeSlots())) * s.devices().size());
            return meter.closedLoop(name, w, flow, i -> {
                long sentAt = System.currentTimeMillis();
                engine.submit(requests.get((int) (i % requests.size()))).whenComplete((r, e) -> {
                    if (e != null) {
                        flow.failed(e);
                    } else {
                        flow.completed(sentAt, System.currentTimeMillis());
                    }
                });
            });
        }
    }

    /** Paths (b) and (c): the service on topics of its own. */
    private StreamPath service(String bootstrap, String tag, int maxBatch, ModelSource source) throws Exception {
        DmzStreamConfig c = instance(tag, Map.of(DmzStreamConfig.BATCH_MAX_SIZE, String.valueOf(maxBatch)));
        log.printf("bench: starting the service (%s)%n", tag);
        DmzStreamService service = DmzStreamService.start(c, bootstrap, source);
        try {
            service.awaitRunning(Duration.ofMinutes(2));
            return new StreamPath(c, bootstrap, service);
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    /** Path (d): the bare Kafka Streams application on topics of its own (input, latents, labels). */
    private StreamPath floor(String bootstrap, int[] outputSizes) throws Exception {
        DmzStreamConfig c = instance("floor", Map.of());
        Topics t = c.topics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = c.getInt(DmzStreamConfig.TOPIC_PARTITIONS);
            short replication = c.getShort(DmzStreamConfig.TOPIC_REPLICATION);
            admin.createTopics(List.of(t.images(), t.latents(), t.labels(), t.reconstructions(), t.deadLetters())
                    .stream().map(n -> new NewTopic(n, partitions, replication)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
        // the service's Streams settings that shape the Kafka work, none of its handlers: the floor cannot fail
        Properties service = StreamsProperties.of(c, bootstrap);
        Properties props = new Properties();
        for (String key : FLOOR_SETTINGS) {
            if (service.containsKey(key)) {
                props.put(key, service.get(key));
            }
        }
        props.putAll(c.streamsOverrides());
        log.println("bench: starting the bare Kafka Streams application");
        KafkaFloor floor = KafkaFloor.start(props, t.images(), t.latents(), t.labels(), outputSizes);
        try {
            floor.awaitRunning(Duration.ofMinutes(2));
            return new StreamPath(c, bootstrap, floor);
        } catch (Exception | Error e) {
            floor.close();
            throw e;
        }
    }

    /** The configuration of one Streams application of the run: own id, topics and state folder. */
    private DmzStreamConfig instance(String tag, Map<String, String> extra) throws Exception {
        String prefix = "bench-" + runId + "-" + (++instances) + "-" + tag;
        Map<String, String> o = new HashMap<>(extra);
        o.put(DmzStreamConfig.APPLICATION_ID, prefix);
        o.put(DmzStreamConfig.TOPIC_IMAGES, prefix + ".images");
        o.put(DmzStreamConfig.TOPIC_LATENTS, prefix + ".latents");
        o.put(DmzStreamConfig.TOPIC_LABELS, prefix + ".labels");
        o.put(DmzStreamConfig.TOPIC_RECONSTRUCTIONS, prefix + ".reconstructions");
        o.put(DmzStreamConfig.TOPIC_TRANSFERS, prefix + ".transfers");
        o.put(DmzStreamConfig.TOPIC_DLQ, prefix + ".dlq");
        o.put(DmzStreamConfig.TOPIC_COMMANDS, prefix + ".commands");
        o.put(DmzStreamConfig.TOPIC_SAMPLES, prefix + ".samples");
        o.put(DmzStreamConfig.TOPICS_CREATE, "true");
        o.put(DmzStreamConfig.HTTP_PORT, "-1");
        o.put(DmzStreamConfig.STATE_DIR, stateRoot().resolve(prefix).toString());
        return config.with(o);
    }

    private Path stateRoot() throws java.io.IOException {
        if (stateRoot == null) {
            stateRoot = Files.createTempDirectory("dmz-bench-state-");
        }
        return stateRoot;
    }

    /** One Streams application under load: its topics, the load's producer and the output tap. */
    private final class StreamPath implements AutoCloseable {
        final Topics topics;
        final List<byte[]> encodes;
        final List<byte[]> decodes;
        final OutputTap tap;
        final StreamLoad load;
        private final AutoCloseable app;

        StreamPath(DmzStreamConfig c, String bootstrap, AutoCloseable app) {
            this.app = app;
            this.topics = c.topics();
            EventSerdes serdes = new EventSerdes(c.registrySettings());
            int distinct = Math.min(images.size(), 1000);
            this.encodes = StreamLoad.events(images, new Publisher.Request(List.of(OutputKind.LATENT,
                    OutputKind.LABEL), null, null, domain), serdes, topics.images(), distinct);
            this.decodes = StreamLoad.events(images, new Publisher.Request(List.of(OutputKind.RECONSTRUCTION),
                    settings.steps(), null, domain), serdes, topics.images(), distinct);
            this.tap = new OutputTap(bootstrap, List.of(topics.latents(), topics.labels(), topics.reconstructions(),
                    topics.deadLetters()));
            this.load = new StreamLoad(bootstrap);
        }

        Measured closedLoop(Meter meter, String name, Window w, List<byte[]> events, String completions)
                throws InterruptedException {
            // decode requests take K model calls each: a few decode batches in flight keep the lane full
            int outstanding = events == decodes
                    ? Math.max(64, 4 * config.engineSettings().decodeSlots()) * config.devices().size()
                    : settings.streamOutstanding();
            Flow flow = new Flow(outstanding);
            tap.listen((topic, ts, at) -> count(flow, topic, ts, at, completions));
            return meter.closedLoop(name, w, flow, i -> load.send(topics.images(), events, i));
        }

        Meter.LatencyPoint openLoop(Meter meter, String name, Window w, double rate) throws InterruptedException {
            Flow flow = new Flow(settings.streamOutstanding());
            tap.listen((topic, ts, at) -> count(flow, topic, ts, at, topics.labels()));
            return meter.openLoop(name, w, rate, flow, i -> load.send(topics.images(), encodes, i));
        }

        private void count(Flow flow, String topic, long sentAtMs, long arrivalMs, String completions) {
            if (topic.equals(completions)) {
                flow.completed(sentAtMs, arrivalMs);
            } else if (topic.equals(topics.deadLetters())) {
                flow.failed(new IllegalStateException("the service dead-lettered a benchmark request (" + topic + ")"));
            }
        }

        @Override
        public void close() throws Exception {
            load.close();
            tap.close();
            app.close();
        }
    }

    private List<InferenceRequest> encodeRequests() {
        int n = Math.min(images.size(), 1000);
        List<InferenceRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new InferenceRequest(domain, images.get(i).pixels(), EnumSet.of(Product.LATENT, Product.LABEL),
                    0, null, i));
        }
        return out;
    }

    private List<InferenceRequest> decodeRequests(Random mixedK) {
        int n = Math.min(images.size(), 1000);
        List<InferenceRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = mixedK == null ? settings.steps() : MIXED_K[mixedK.nextInt(MIXED_K.length)];
            out.add(new InferenceRequest(domain, images.get(i).pixels(), EnumSet.of(Product.RECONSTRUCTION), k,
                    null, i));
        }
        return out;
    }

    /** Null models standing for the catalog's real ones (no bridges: the benchmark does not transfer). */
    private static ModelCatalog nullCatalog(ModelCatalog real) {
        Map<String, DmzModel> out = new LinkedHashMap<>();
        real.models().forEach((d, m) -> out.put(d, NullModel.of(m)));
        return ModelCatalog.of(out, Map.of());
    }

    static String machine() {
        return String.format("%d cores, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private static ModelCatalog keepOpen(ModelCatalog real) {
        return new ModelCatalog() {
            @Override
            public Map<String, DmzModel> models() {
                return real.models();
            }

            @Override
            public Optional<TransferBridge> bridge(String source, String target) {
                return real.bridge(source, target);
            }

            @Override
            public Set<String> domains() {
                return real.domains();
            }

            @Override
            public void close() {
                // the benchmark closes the real catalog once, at the end
            }
        };
    }
}

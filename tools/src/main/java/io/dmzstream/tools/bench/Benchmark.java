package io.dmzstream.tools.bench;

import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.topology.run.KafkaRuntime;
import io.dmzstream.tools.load.OutputCollector;
import io.dmzstream.tools.load.Percentiles;
import io.dmzstream.tools.load.Publisher;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.engine.DecodeMode;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceRequest;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.topology.engine.TransferBridge;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of issue 5 item 7, every ratio measured side by side in one run on one machine:
 * (a) raw engine vs streaming through the broker, encode and decode lanes, same batch settings;
 * (b) dynamic batching vs max batch 1; (c) continuous vs static decode batching on mixed K;
 * (d) end-to-end latency at about 50% and 90% of the measured streaming maximum.
 * Throughput is requests / (last completion - first submission) on both paths.
 */
public final class Benchmark {
    /** Workload sizes. */
    public record Sizes(int encodeN, int decodeN, int steps, int latencySeconds) {
    }

    private static final int[] MIXED_K = {2, 5, 10, 20, 50};

    private final DmzStreamConfig config;
    private final ModelSource models;
    private final ImageSource images;
    private final Sizes sizes;
    private final PrintStream log;
    private final String domain;

    public Benchmark(DmzStreamConfig config, ModelSource models, ImageSource images, Sizes sizes, PrintStream log) {
        this.config = config;
        this.models = models;
        this.images = images;
        this.sizes = sizes;
        this.log = log;
        this.domain = images.domain();
    }

    public BenchmarkResult run() throws Exception {
        Map<ModelCatalog, Boolean> opened = new IdentityHashMap<>();
        // engines close their catalogs; the benchmark runs several engines over one set of loaded models
        ModelSource shared = device -> {
            ModelCatalog real = models.open(device);
            opened.put(real, true);
            return keepOpen(real);
        };
        try {
            EngineSettings base = config.engineSettings();
            log.println("bench: raw engine, encode lane");
            double rawEncode = engineRate(shared, base, encodeRequests(sizes.encodeN()));
            log.println("bench: raw engine, encode lane, max batch 1");
            double batch1 = engineRate(shared, base.toBuilder().maxBatchSize(1).build(),
                    encodeRequests(Math.min(sizes.encodeN(), 256)));
            log.println("bench: raw engine, decode lane");
            double rawDecode = engineRate(shared, base, decodeRequests(sizes.decodeN(), null));
            log.println("bench: decode lane, mixed K, static then continuous");
            List<InferenceRequest> mixed = decodeRequests(sizes.decodeN(), new Random(7));
            double stat = engineRate(shared, base.toBuilder().decodeMode(DecodeMode.STATIC).build(), mixed);
            double cont = engineRate(shared, base.toBuilder().decodeMode(DecodeMode.CONTINUOUS).build(), mixed);

            double streamEncode;
            double streamDecode;
            long[][] latency;
            try (KafkaRuntime kafka = KafkaRuntime.resolve(config);
                 DmzStreamService service = DmzStreamService.start(config, kafka.bootstrapServers(), shared)) {
                service.awaitRunning(Duration.ofMinutes(2));
                Topics t = config.topics();
                try (OutputCollector outputs = new OutputCollector(kafka.bootstrapServers(), config,
                        List.of(t.labels(), t.reconstructions()), null);
                     Publisher publisher = new Publisher(kafka.bootstrapServers(),
                             config.getString(DmzStreamConfig.SCHEMA_REGISTRY_URL), t.images())) {
                    // warm-up: first calls load kernels and fill caches on both paths alike
                    streamRate(publisher, outputs, t.labels(), encodeKinds(), null, Math.min(64, sizes.encodeN()));
                    log.println("bench: streaming, encode lane");
                    streamEncode = streamRate(publisher, outputs, t.labels(), encodeKinds(), null, sizes.encodeN());
                    log.println("bench: streaming, decode lane");
                    streamDecode = streamRate(publisher, outputs, t.reconstructions(),
                            List.of(OutputKind.RECONSTRUCTION), sizes.steps(), sizes.decodeN());
                    latency = new long[2][];
                    double[] loads = {0.5, 0.9};
                    for (int i = 0; i < loads.length; i++) {
                        log.printf("bench: latency at %.0f%% of %.0f/s%n", loads[i] * 100, streamEncode);
                        latency[i] = latencies(publisher, outputs, t.labels(), loads[i] * streamEncode);
                    }
                }
            }
            return new BenchmarkResult(rawEncode, streamEncode, batch1, rawDecode, streamDecode, stat, cont,
                    Percentiles.of(latency[0], 50), Percentiles.of(latency[0], 99),
                    Percentiles.of(latency[1], 50), Percentiles.of(latency[1], 99),
                    machine(), base, sizes);
        } finally {
            opened.keySet().forEach(ModelCatalog::close);
        }
    }

    private static List<OutputKind> encodeKinds() {
        return List.of(OutputKind.LATENT, OutputKind.LABEL);
    }

    private List<InferenceRequest> encodeRequests(int n) {
        List<InferenceRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new InferenceRequest(domain, images.get(i % images.size()).pixels(),
                    EnumSet.of(Product.LATENT, Product.LABEL), 0, null, i));
        }
        return out;
    }

    private List<InferenceRequest> decodeRequests(int n, Random mixedK) {
        List<InferenceRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = mixedK == null ? sizes.steps() : MIXED_K[mixedK.nextInt(MIXED_K.length)];
            out.add(new InferenceRequest(domain, images.get(i % images.size()).pixels(),
                    EnumSet.of(Product.RECONSTRUCTION), k, null, i));
        }
        return out;
    }

    /** Requests per second of an engine given every request at once. */
    static double engineRate(ModelSource source, EngineSettings settings, List<InferenceRequest> requests)
            throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings, source)) {
            // warm-up outside the timing
            engine.submit(requests.get(0)).get(5, TimeUnit.MINUTES);
            long t0 = System.nanoTime();
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>(requests.size());
            for (InferenceRequest r : requests) {
                futures.add(engine.submit(r));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            return requests.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Requests per second from the first send to the last committed output. */
    private double streamRate(Publisher publisher, OutputCollector outputs, String topic, List<OutputKind> kinds,
                              Integer steps, int n) throws Exception {
        int before = outputs.count(topic);
        long t0 = System.currentTimeMillis();
        publisher.publish(images, n, new Publisher.Request(kinds, steps, null, domain), 0, false);
        int got = outputs.await(topic, before + n, Duration.ofMinutes(30));
        if (got < before + n) {
            throw new IllegalStateException("streaming run incomplete: " + (got - before) + " of " + n);
        }
        long last = outputs.received().stream().filter(r -> r.topic().equals(topic))
                .mapToLong(OutputCollector.Received::receivedAt).max().orElseThrow();
        return n / ((last - t0) / 1000.0);
    }

    private long[] latencies(Publisher publisher, OutputCollector outputs, String topic, double rate) throws Exception {
        outputs.clear();
        int n = Math.max(10, (int) (rate * sizes.latencySeconds()));
        publisher.publish(images, n, new Publisher.Request(encodeKinds(), null, null, domain), rate, false);
        outputs.await(topic, n, Duration.ofMinutes(10));
        return outputs.received().stream().filter(r -> r.topic().equals(topic))
                .mapToLong(OutputCollector.Received::latencyMs).toArray();
    }

    private static String machine() {
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

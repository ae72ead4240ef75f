package io.dmzstream.tools.chaos;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One scenario's service: its topics on the shared broker, its instances (separate JVMs, one
 * configuration each, differing only in state folder and HTTP port), the feed writing its inputs
 * and the ledger watching its outputs. Closing kills whatever still runs.
 */
final class Deployment implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ChaosContext context;
    private final String name;
    private final Map<String, String> config;
    private final Topics topics;
    private final Path faultsFile;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final InputFeed feed;
    private final OutputLedger ledger;
    private final Traffic traffic;
    private Boolean done;

    private Deployment(ChaosContext context, String name, Map<String, String> config, int instanceCount) {
        this.context = context;
        this.name = name;
        this.config = Map.copyOf(config);
        DmzStreamConfig parsed = new DmzStreamConfig(config);
        this.topics = parsed.topics();
        Path dir = context.work().resolve(name);
        this.faultsFile = dir.resolve("engine-faults.properties");
        String bootstrap = context.broker().bootstrapServers();
        try (Admin admin = context.broker().admin()) {
            DmzStreamService.createTopics(admin, parsed);
        }
        List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + LogConfig.service(context.work()));
        for (int i = 0; i < instanceCount; i++) {
            instances.add(new ServiceProcess(name + "-" + (char) ('a' + i), dir, config, faultsFile, jvm));
        }
        this.feed = new InputFeed(bootstrap, topics.images());
        this.ledger = new OutputLedger(bootstrap, kinds().keySet(), topics.deadLetters());
        Serializer<ImageEvent> plain = EventSerdes.withoutRegistry().images().serializer();
        this.traffic = new Traffic(feed, topics, e -> plain.serialize(topics.images(), e));
    }

    /**
     * Creates the topics and prepares {@code instanceCount} instances (not started).
     *
     * @param overrides configuration keys replacing the suite's defaults (guarantee, partitions, registry)
     */
    static Deployment create(ChaosContext context, String name, int instanceCount, Map<String, String> overrides) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(DmzStreamConfig.BOOTSTRAP_SERVERS, context.broker().bootstrapServers());
        c.put(DmzStreamConfig.APPLICATION_ID, "chaos-" + name);
        c.put(DmzStreamConfig.TOPIC_IMAGES, "chaos-" + name + ".images");
        c.put(DmzStreamConfig.TOPIC_LATENTS, "chaos-" + name + ".latents");
        c.put(DmzStreamConfig.TOPIC_LABELS, "chaos-" + name + ".labels");
        c.put(DmzStreamConfig.TOPIC_RECONSTRUCTIONS, "chaos-" + name + ".reconstructions");
        c.put(DmzStreamConfig.TOPIC_TRANSFERS, "chaos-" + name + ".transfers");
        c.put(DmzStreamConfig.TOPIC_DLQ, "chaos-" + name + ".dlq");
        c.put(DmzStreamConfig.TOPIC_COMMANDS, "chaos-" + name + ".commands");
        c.put(DmzStreamConfig.TOPIC_SAMPLES, "chaos-" + name + ".samples");
        c.put(DmzStreamConfig.TOPIC_PARTITIONS, "4");
        // the suite creates the topics once: two instances starting together would race to create them
        c.put(DmzStreamConfig.TOPICS_CREATE, "false");
        c.put(DmzStreamConfig.STREAM_THREADS, "1");
        c.put(DmzStreamConfig.MODEL_ZOO_DIR, context.work().resolve("no-zoo").toString());
        c.put(DmzStreamConfig.MODEL_NAMES, "chaos-mnist,chaos-fashion");
        c.put(DmzStreamConfig.DECODE_STEPS_MAX, "50");
        c.put(DmzStreamConfig.POLL_MS, "10");
        c.put(DmzStreamConfig.PUNCTUATE_INTERVAL_MS, "10");
        c.put(DmzStreamConfig.SHUTDOWN_TIMEOUT_MS, "15000");
        c.put("streams.consumer.session.timeout.ms", String.valueOf(ChaosProfile.SESSION_TIMEOUT.toMillis()));
        c.put("streams.consumer.heartbeat.interval.ms", "1000");
        c.put("streams.statestore.cache.max.bytes", "0");
        c.putAll(overrides);
        return new Deployment(context, name, c, instanceCount);
    }

    /** Starts every instance, then waits until each is ready. */
    void startAll() throws InterruptedException {
        instances.forEach(ServiceProcess::start);
        for (ServiceProcess s : instances) {
            s.awaitReady(READY_TIMEOUT);
        }
        context.log("%s: %d instance(s) ready", name, instances.size());
    }

    String name() {
        return name;
    }

    Map<String, String> config() {
        return config;
    }

    Topics topics() {
        return topics;
    }

    /** Output topic -> kind. */
    Map<String, String> kinds() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put(topics.latents(), "latents");
        k.put(topics.labels(), "labels");
        k.put(topics.reconstructions(), "reconstructions");
        k.put(topics.transfers(), "transfers");
        return k;
    }

    List<ServiceProcess> instances() {
        return instances;
    }

    ServiceProcess instance(int i) {
        return instances.get(i);
    }

    Path faultsFile() {
        return faultsFile;
    }

    InputFeed feed() {
        return feed;
    }

    Traffic traffic() {
        return traffic;
    }

    /** Replaces how the traffic encodes events (registry scenario). */
    void encoder(Function<ImageEvent, byte[]> encoder) {
        traffic.encoder(encoder);
    }

    OutputLedger ledger() {
        return ledger;
    }

    /**
     * Waits until every input is done or the profile's settle time passes (once: later calls
     * answer at once); returns whether every input is done.
     */
    boolean awaitDone() throws InterruptedException {
        if (done == null) {
            done = ledger.awaitDone(feed.inputs(), context.profile().settle());
            context.log("%s: %s", name, done ? "every input done"
                    : "not every input done after " + context.profile().settle().toSeconds() + " s");
        }
        return done;
    }

    /**
     * {@link #awaitDone()}, then stops the instances gracefully (so nothing more can be written)
     * and counts what was committed.
     */
    CommittedCount settleAndCount() throws InterruptedException {
        awaitDone();
        instances.forEach(s -> s.terminate(20_000));
        return CommittedCount.read(context.broker().bootstrapServers(), kinds().keySet(), topics.deadLetters());
    }

    @Override
    public void close() throws InterruptedException {
        instances.forEach(ServiceProcess::close);
        ledger.close();
        feed.close();
    }
}

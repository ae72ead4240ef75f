package io.dmzstream.topology;

import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.SizeBudget;
import io.dmzstream.topology.config.SizeLimitCheck;
import io.dmzstream.topology.deadletter.DeadLetterDeserializationHandler;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.fault.Backoff;
import io.dmzstream.topology.fault.RegistryOutage;
import io.dmzstream.topology.fault.ThreadReplacement;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.health.CrashLoopCheck;
import io.dmzstream.topology.health.EngineCheck;
import io.dmzstream.topology.health.HealthSampler;
import io.dmzstream.topology.health.HttpEndpoints;
import io.dmzstream.topology.health.HttpSettings;
import io.dmzstream.topology.health.InstanceHealth;
import io.dmzstream.topology.health.PartitionProgressCheck;
import io.dmzstream.topology.metrics.ServiceMetrics;
import io.dmzstream.topology.metrics.TrainingBitMeans;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service instance: the shared inference engine, the Kafka Streams client whose
 * tasks feed it, its metrics and its HTTP endpoints ({@code /metrics}, {@code /health/live},
 * {@code /health/ready} on {@code http.port}).
 *
 * <p>{@link #close()} is the graceful shutdown, in this order: readiness goes down (probes and
 * load balancers stop counting on the instance); Kafka Streams closes within
 * {@code shutdown.timeout.ms} and leaves the consumer group, so its partitions move to the other
 * instances at once (the stream threads commit what they forwarded; requests still in
 * flight stay in the changelogged durable buffer for whoever owns their task next); then the
 * engine, so no task is left waiting on a closed engine; then the HTTP endpoints, last, so probes
 * see "not ready" rather than a refused connection while the rest stops. Closing is idempotent and
 * thread-safe: a second caller waits for the first to finish.
 */
public final class DmzStreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DmzStreamService.class);

    private final InferenceEngine engine;
    private final KafkaStreams streams;
    private final ServiceMetrics metrics;
    private final InstanceHealth health;
    private final HttpEndpoints http;
    private final List<HealthSampler> samplers;
    private final CountDownLatch streamsStopped;
    private final Duration shutdownTimeout;
    private final ThreadReplacement threadReplacement;
    private boolean closed;

    private DmzStreamService(InferenceEngine engine, KafkaStreams streams, ServiceMetrics metrics,
                             InstanceHealth health, HttpEndpoints http, List<HealthSampler> samplers,
                             CountDownLatch streamsStopped, Duration shutdownTimeout, ThreadReplacement threadReplacement) {
        this.engine = engine;
        this.streams = streams;
        this.metrics = metrics;
        this.health = health;
        this.http = http;
        this.samplers = samplers;
        this.streamsStopped = streamsStopped;
        this.shutdownTimeout = shutdownTimeout;
        this.threadReplacement = threadReplacement;
    }

    /**
     * Checks size limits, creates missing topics when asked, loads the models, serves the HTTP
     * endpoints and starts streaming.
     *
     * @param bootstrapServers where Kafka is (the caller resolves the embedded broker)
     */
    public static DmzStreamService start(DmzStreamConfig config, String bootstrapServers, ModelSource models) {
        DmzStreamService service = create(config, bootstrapServers, models);
        try {
            service.startStreams();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * Everything {@link #start} does except starting the stream threads: the instance serves its
     * endpoints and reports not ready until {@link #startStreams()} (and the first rebalance).
     */
    public static DmzStreamService create(DmzStreamConfig config, String bootstrapServers, ModelSource models) {
        Properties props = StreamsProperties.of(config, bootstrapServers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (config.getBoolean(DmzStreamConfig.TOPICS_CREATE)) {
                createTopics(admin, config);
            }
            if (config.getBoolean(DmzStreamConfig.SIZE_CHECK_ENABLED)) {
                Map<String, Object> asMap = new HashMap<>();
                props.forEach((k, v) -> asMap.put(k.toString(), v));
                SizeLimitCheck.verify(config, asMap, admin);
            }
        }
        // before the models load: a wrong registry password fails start-up at once
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        serdes.checkRegistryAccess();
        ServiceMetrics metrics = new ServiceMetrics(config.engineSettings(), TrainingBitMeans.fromZoo(
                Path.of(config.getString(DmzStreamConfig.MODEL_ZOO_DIR)), config.getList(DmzStreamConfig.MODEL_NAMES)));
        List<AutoCloseable> opened = new ArrayList<>(List.of(metrics));
        try {
            InferenceEngine engine = InferenceEngine.start(config.engineSettings(), models, metrics.engineListener());
            opened.add(0, engine);
            metrics.bindEngine(engine);
            // Kafka Streams creates the deserialization handler itself; it finds its listener here
            props.put(DeadLetterDeserializationHandler.LISTENER_CONFIG, metrics.outputListener());
            KafkaStreams streams = new KafkaStreams(
                    DmzTopology.build(config, engine, serdes, metrics.outputListener()), props);
            opened.add(0, streams);
            CrashLoopCheck crashLoop = new CrashLoopCheck(
                    Duration.ofMillis(config.getLong(DmzStreamConfig.HEALTH_CRASHLOOP_WINDOW_MS)),
                    config.getInt(DmzStreamConfig.HEALTH_CRASHLOOP_REPLACEMENTS));
            // record-specific failures are dead letters; what kills a thread is retried after a back-off
            ThreadReplacement threadReplacement = new ThreadReplacement(new Backoff(
                    Duration.ofMillis(config.getLong(DmzStreamConfig.THREAD_REPLACE_BACKOFF_MS)),
                    Duration.ofMillis(config.getLong(DmzStreamConfig.THREAD_REPLACE_BACKOFF_MAX_MS))));
            // a registry outage pauses the instance instead of replacing its threads until the registry is back
            RegistryOutage registry = new RegistryOutage(serdes::probeRegistry, streams::pause, streams::resume);
            streams.setUncaughtExceptionHandler(e -> {
                crashLoop.threadReplaced(e);
                metrics.faults().taskFailed();
                RegistryUnavailableException.findIn(e).ifPresent(unavailable -> {
                    registry.failed(unavailable);
                    metrics.faults().registryError(unavailable.credentialsRejected() ? "unauthorized" : "unavailable");
                });
                return threadReplacement.handle(e);
            });
            CountDownLatch streamsStopped = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    streamsStopped.countDown();
                }
            });
            metrics.bindStreams(streams);
            PartitionProgressCheck progress = new PartitionProgressCheck(
                    PartitionProgressCheck.of(streams, Set.copyOf(config.topics().inputs())),
                    Duration.ofMillis(config.getLong(DmzStreamConfig.HEALTH_STALL_TIMEOUT_MS)));
            metrics.faults().bindStalledPartitions(progress::stalledCount);
            EngineCheck engineCheck = EngineCheck.of(engine);
            InstanceHealth health = new InstanceHealth(streams::state, engine::running,
                    List.of(crashLoop, progress, engineCheck::ready, registry::health), List.of(engineCheck::live));
            metrics.bindReadiness(health::isReady);
            HealthSampler sampler = HealthSampler.start(progress::sample);
            opened.add(0, sampler);
            // its own thread: a probe of a registry that does not answer takes the client's whole retry budget
            HealthSampler registrySampler = HealthSampler.start(registry::sample);
            opened.add(0, registrySampler);
            HttpSettings httpSettings = config.httpSettings();
            HttpEndpoints http = httpSettings.port() < 0 ? null
                    : HttpEndpoints.start(httpSettings, metrics::scrape, health);
            return new DmzStreamService(engine, streams, metrics, health, http, List.of(sampler, registrySampler),
                    streamsStopped,
                    Duration.ofMillis(config.getLong(DmzStreamConfig.SHUTDOWN_TIMEOUT_MS)), threadReplacement);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Starts the stream threads (once). */
    public void startStreams() {
        streams.start();
    }

    /** Creates the service's topics that do not exist, sized for the configured maximum image. */
    public static void createTopics(Admin admin, DmzStreamConfig config) {
        try {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = new ArrayList<>();
            for (String name : config.topics().all()) {
                if (!existing.contains(name)) {
                    topics.add(new NewTopic(name, config.getInt(DmzStreamConfig.TOPIC_PARTITIONS),
                            config.getShort(DmzStreamConfig.TOPIC_REPLICATION))
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(SizeBudget.recordBytes(config)))));
                }
            }
            if (!topics.isEmpty()) {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the brokers' metadata shows every new topic with a leader for each partition. The
     * controller acknowledges a creation before the brokers serve its metadata; a group that
     * rebalanced in that gap failed with MissingSourceTopicException, which stops Kafka Streams
     * (seen on a loaded 2-core machine).
     */
    private static void awaitLeaders(Admin admin, List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                var described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                boolean led = described.size() == names.size() && described.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (led) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " created but without leaders after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the instance is RUNNING (all its tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service not running after " + timeout + ": " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Blocks until Kafka Streams stops: NOT_RUNNING (closed) or ERROR (every stream thread died).
     *
     * @return the state it stopped in
     */
    public KafkaStreams.State awaitStreamsStopped() throws InterruptedException {
        streamsStopped.await();
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public InferenceEngine engine() {
        return engine;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    public InstanceHealth health() {
        return health;
    }

    /** The port of the HTTP endpoints (the chosen one for {@code http.port=0}); empty when disabled. */
    public OptionalInt httpPort() {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
    }

    /** The graceful shutdown (see the class comment); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        LOG.info("shutdown 1/4: readiness down");
        health.markStopping();
        LOG.info("shutdown 2/4: closing Kafka Streams (timeout {} ms; unfinished requests stay in the durable buffer)",
                shutdownTimeout.toMillis());
        threadReplacement.wake(); // a thread waiting to be replaced must not hold up the close
        step("close Kafka Streams", () -> {
            // leave the group: the partitions move to the other instances now, not after session.timeout.ms
            boolean stopped = streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(shutdownTimeout));
            if (stopped) {
                LOG.info("shutdown: Kafka Streams closed ({})", streams.state());
            } else {
                LOG.warn("shutdown: Kafka Streams did not stop within {} ms ({}); its tasks' uncommitted work "
                        + "will be redone by their next owner", shutdownTimeout.toMillis(), streams.state());
            }
        });
        LOG.info("shutdown 3/4: closing the inference engine");
        step("close the inference engine", engine::close);
        LOG.info("shutdown 4/4: stopping the HTTP endpoints and metrics");
        if (http != null) {
            step("stop the HTTP endpoints", http::close);
        }
        samplers.forEach(sampler -> step("stop a health sampler", sampler::close));
        step("close the metrics", metrics::close);
        LOG.info("shutdown complete in {} ms", Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    /** Runs one shutdown step; a failing step is logged and the next still runs. */
    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("shutdown: could not {}", what, e);
        }
    }
}

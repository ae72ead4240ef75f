package io.dmzstream.topology;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.SizeBudget;
import io.dmzstream.topology.config.SizeLimitCheck;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.output.EventSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service instance: the shared inference engine and the Kafka Streams client whose
 * tasks feed it. Closing stops the stream threads first (their last commit included) and the
 * engine after, so no task is left waiting on a closed engine; requests still in flight stay in
 * the durable buffer for whoever owns their task next.
 */
public final class DmzStreamService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DmzStreamService.class);

    private final InferenceEngine engine;
    private final KafkaStreams streams;

    private DmzStreamService(InferenceEngine engine, KafkaStreams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    /**
     * Checks size limits, creates missing topics when asked, loads the models and starts streaming.
     *
     * @param bootstrapServers where Kafka is (the caller resolves the embedded broker)
     */
    public static DmzStreamService start(DmzStreamConfig config, String bootstrapServers, ModelSource models) {
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
        InferenceEngine engine = InferenceEngine.start(config.engineSettings(), models);
        try {
            EventSerdes serdes = new EventSerdes(config.getString(DmzStreamConfig.SCHEMA_REGISTRY_URL), Map.of());
            KafkaStreams streams = new KafkaStreams(DmzTopology.build(config, engine, serdes), props);
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread died; replacing it", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.start();
            return new DmzStreamService(engine, streams);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
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
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
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

    public KafkaStreams streams() {
        return streams;
    }

    public InferenceEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(60));
        engine.close();
    }
}

package io.dmzstream.topology.config;

import io.dmzstream.topology.buffer.BatchingSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Start-up check that every size limit between a producer and the durable buffer admits the
 * configured maximum image ({@link SizeBudget}): the service's producer {@code max.request.size}
 * and the broker's {@code message.max.bytes} its largest record, the input topic's
 * {@code max.message.bytes} the largest input, the dead-letter topic's that input plus the capped
 * dead-letter headers, and the buffer's changelog topic (when it exists) the input plus its
 * framing. A failure names the setting to raise, instead of records failing one by one at runtime.
 */
public final class SizeLimitCheck {
    private SizeLimitCheck() {
    }

    /** Throws {@link IllegalStateException} listing every limit that is too small. */
    public static void verify(DmzStreamConfig config, Map<String, Object> streamsProps, Admin admin) {
        List<String> problems = problems(config, streamsProps, admin);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("size limits do not admit " + DmzStreamConfig.IMAGE_MAX_BYTES + "="
                    + config.getInt(DmzStreamConfig.IMAGE_MAX_BYTES) + " (inputs up to " + SizeBudget.inputBytes(config)
                    + " bytes, dead letters up to " + SizeBudget.deadLetterBytes(config) + "): "
                    + String.join("; ", problems));
        }
    }

    public static List<String> problems(DmzStreamConfig config, Map<String, Object> streamsProps, Admin admin) {
        int needed = SizeBudget.recordBytes(config);
        List<String> problems = new ArrayList<>();

        int producer = producerMaxRequestSize(streamsProps);
        if (producer < needed) {
            problems.add("producer max.request.size is " + producer + ": raise "
                    + DmzStreamConfig.STREAMS_PREFIX + StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
                    + " to at least " + needed);
        }
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (!nodes.isEmpty()) {
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                        String.valueOf(nodes.iterator().next().id()));
                Config brokerConfig = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
                int brokerMax = intValue(brokerConfig.get("message.max.bytes"), 1048588);
                if (brokerMax < needed) {
                    problems.add("broker message.max.bytes is " + brokerMax
                            + ": raise message.max.bytes on the brokers (or max.message.bytes on each topic) to at least "
                            + needed);
                }
            }
            List<String> topics = new ArrayList<>(config.topics().all());
            topics.add(changelogTopic(config));
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = topics.stream().filter(existing::contains)
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            if (!resources.isEmpty()) {
                Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
                for (ConfigResource r : resources) {
                    ConfigEntry e = configs.get(r).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    int topicMax = intValue(e, 1048588);
                    int topicNeeds = carried(config, r.name());
                    if (topicMax < topicNeeds) {
                        problems.add("topic " + r.name() + " max.message.bytes is " + topicMax
                                + ": raise it to at least " + topicNeeds
                                + " (kafka-configs --alter --entity-type topics --entity-name " + r.name()
                                + " --add-config max.message.bytes=" + topicNeeds + ")");
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read broker/topic size limits: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking size limits", e);
        }
        return problems;
    }

    /** The largest record a topic carries; 0 for the outputs (small, with no image of the input). */
    private static int carried(DmzStreamConfig config, String topic) {
        if (topic.equals(config.topics().deadLetters())) {
            return SizeBudget.deadLetterBytes(config);
        }
        if (topic.equals(config.topics().images())) {
            return SizeBudget.inputBytes(config);
        }
        if (topic.equals(changelogTopic(config))) {
            return SizeBudget.changelogBytes(config);
        }
        return 0;
    }

    /** The durable buffer's changelog topic, as Kafka Streams names it. */
    static String changelogTopic(DmzStreamConfig config) {
        return config.getString(DmzStreamConfig.APPLICATION_ID) + "-" + BatchingSettings.DEFAULT_STORE
                + "-changelog";
    }

    private static int producerMaxRequestSize(Map<String, Object> streamsProps) {
        Object v = streamsProps.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (v == null) {
            v = streamsProps.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return v == null ? 1048576 : Integer.parseInt(v.toString());
    }

    private static int intValue(ConfigEntry entry, int fallback) {
        return entry == null || entry.value() == null ? fallback : Integer.parseInt(entry.value());
    }
}

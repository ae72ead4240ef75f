package io.dmzstream.tools.load;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.EventSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the output topics (read_committed, from the beginning) on a background thread and keeps,
 * per output, its topic, input id, record timestamp (= the input's) and arrival time.
 */
public final class OutputCollector implements AutoCloseable {
    /** One output as received. */
    public record Received(String topic, String id, long inputTimestamp, long receivedAt, Object value) {
        public long latencyMs() {
            return receivedAt - inputTimestamp;
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Consumer<Received> listener;
    private volatile boolean running = true;

    public OutputCollector(String bootstrapServers, DmzStreamConfig config, List<String> topics, Consumer<Received> listener) {
        Topics t = config.topics();
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        deserializers.put(t.latents(), serdes.latents().deserializer());
        deserializers.put(t.labels(), serdes.labels().deserializer());
        deserializers.put(t.reconstructions(), serdes.reconstructions().deserializer());
        deserializers.put(t.transfers(), serdes.transfers().deserializer());
        deserializers.put(t.samples(), serdes.samples().deserializer());
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dmz-cli-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(topics);
        this.listener = listener;
        this.thread = new Thread(this::loop, "dmz-output-collector");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                Deserializer<? extends SpecificRecord> d = deserializers.get(r.topic());
                Object value = d == null ? r.value() : d.deserialize(r.topic(), r.value());
                String id = value instanceof SpecificRecord s && s.getSchema().getField("id") != null
                        ? String.valueOf(s.get(s.getSchema().getField("id").pos()))
                        : r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                Received rec = new Received(r.topic(), id, r.timestamp(), now, value);
                received.add(rec);
                counts.merge(r.topic(), 1, Integer::sum);
                if (listener != null) {
                    listener.accept(rec);
                }
            }
        }
        consumer.close();
    }

    public int count(String topic) {
        return counts.getOrDefault(topic, 0);
    }

    /** Waits until {@code topic} has at least {@code n} outputs or the timeout passes; returns the count. */
    public int await(String topic, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(topic) < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return count(topic);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public void clear() {
        received.clear();
        counts.clear();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}

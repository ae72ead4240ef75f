package io.dmzstream.tools.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The benchmark's read_committed consumer of a path's output topics: counts each topic's records
 * and their mean size, and tells a listener of each (topic, input timestamp, arrival). Values are
 * not deserialized: the benchmark measures the service, not its own consumer.
 */
final class OutputTap implements AutoCloseable {
    /** Told of every output as it arrives, on the tap's thread. */
    @FunctionalInterface
    interface Listener {
        void output(String topic, long inputTimestampMs, long arrivalMs);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
    private volatile Listener listener = (topic, ts, at) -> { };
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    OutputTap(String bootstrapServers, List<String> topics) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, CpuGroup.LOAD_PREFIX + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, CpuGroup.LOAD_PREFIX + "-consumer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        topics.forEach(t -> {
            counts.put(t, new AtomicLong());
            bytes.put(t, new AtomicLong());
        });
        thread = new Thread(this::loop, CpuGroup.LOAD_PREFIX + "-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    counts.get(r.topic()).incrementAndGet();
                    bytes.get(r.topic()).addAndGet(r.value() == null ? 0 : r.value().length);
                    listener.output(r.topic(), r.timestamp(), now);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    void listen(Listener l) {
        this.listener = l;
    }

    long count(String topic) {
        check();
        return counts.get(topic).get();
    }

    /** Mean value size on {@code topic} so far, or {@code otherwise} when none arrived. */
    int meanBytes(String topic, int otherwise) {
        long n = counts.get(topic).get();
        return n == 0 ? otherwise : (int) (bytes.get(topic).get() / n);
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the benchmark's consumer failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}

package io.dmzstream.tools.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Path (d) of the benchmark, the floor Kafka sets: a bare Kafka Streams application, under the
 * service's own Streams settings (processing guarantee, threads, commit interval, poll), that does
 * per input record the Kafka work the service must do and nothing else: one put and one delete on a
 * changelogged, uncached store, and two output records of the service's output sizes.
 */
final class KafkaFloor implements AutoCloseable {
    static final String STORE = "floor-buffer";
    private final KafkaStreams streams;

    private KafkaFloor(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * @param props  Kafka Streams properties (the service's, with this application's id)
     * @param sizes  value sizes of the two outputs (the service's latent and label events)
     */
    static KafkaFloor start(Properties props, String input, String outA, String outB, int[] sizes) {
        Topology t = new Topology();
        t.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        byte[] a = new byte[sizes[0]];
        byte[] b = new byte[sizes[1]];
        t.addProcessor("work", () -> new Work(a, b), "in");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()), "work");
        t.addSink("a", outA, new ByteArraySerializer(), new ByteArraySerializer(), "work");
        t.addSink("b", outB, new ByteArraySerializer(), new ByteArraySerializer(), "work");
        KafkaStreams streams = new KafkaStreams(t, props);
        streams.start();
        return new KafkaFloor(streams);
    }

    void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the floor application is not running: " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    private static final class Work implements Processor<byte[], byte[], byte[], byte[]> {
        private final byte[] a;
        private final byte[] b;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<Bytes, byte[]> store;

        Work(byte[] a, byte[] b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata meta = context.recordMetadata().orElseThrow();
            Bytes key = Bytes.wrap(ByteBuffer.allocate(12).putInt(meta.partition()).putLong(meta.offset()).array());
            store.put(key, record.value());
            context.forward(record.withValue(a), "a");
            context.forward(record.withValue(b), "b");
            store.delete(key);
        }
    }
}

package io.dmzstream.tools.load;

import io.dmzstream.model.train.ProgressBar;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/** Publishes ImageEvents at a steady rate (0 = as fast as possible), key = event id. */
public final class Publisher implements AutoCloseable {
    /** What each event asks for. */
    public record Request(List<OutputKind> outputs, Integer steps, String targetDomain, String domain) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<ImageEvent> serializer;
    private final String topic;

    public Publisher(String bootstrapServers, EventSerdes serdes, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = serdes.images().serializer();
        this.topic = topic;
    }

    public static ImageEvent event(ImageSource.Item item, Request request, String domain) {
        Map<String, String> attributes = new HashMap<>();
        if (item.label() >= 0) {
            attributes.put("label", String.valueOf(item.label()));
        }
        return ImageEvent.newBuilder().setId(item.id()).setDomain(domain).setFormat(item.format())
                .setImage(ByteBuffer.wrap(item.bytes())).setWidth(item.width()).setHeight(item.height()).setChannels(item.channels())
                .setOutputs(request.outputs()).setSteps(request.steps()).setTargetDomain(request.targetDomain())
                .setAttributes(attributes).build();
    }

    /** Sends items [0, count) of the source; returns the send time (ms) of each. */
    public long[] publish(ImageSource source, int count, Request request, double ratePerSecond, boolean progress) {
        String domain = request.domain() != null ? request.domain() : source.domain();
        long[] sent = new long[count];
        ProgressBar bar = progress ? new ProgressBar("produce", count, 0) : null;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (ratePerSecond > 0) {
                long due = start + (long) (i * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            ImageSource.Item item = source.get(i % source.size());
            ImageEvent event = event(item, request, domain);
            if (count > source.size()) {
                event.setId(item.id() + "#" + i);
            }
            byte[] key = event.getId().getBytes(StandardCharsets.UTF_8);
            sent[i] = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(topic, null, sent[i], key, serializer.serialize(topic, event)));
            if (bar != null) {
                bar.update(i + 1, "");
            }
        }
        producer.flush();
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }
}

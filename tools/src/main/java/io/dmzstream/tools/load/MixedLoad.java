package io.dmzstream.tools.load;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.output.EventSerdes;
import java.io.PrintStream;
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

/**
 * The dashboard run's traffic at a steady rate: MNIST test images, about 2% poison pills (garbage
 * bytes, and images of the wrong size) so dead letters show, and from half-time a share of
 * Fashion-MNIST images sent as domain mnist, the input shift the drift and confidence panels exist for.
 */
public final class MixedLoad implements AutoCloseable {
    /** What was sent. */
    public record Sent(int mnist, int fashionAsMnist, int poison) {
        public int total() {
            return mnist + fashionAsMnist + poison;
        }
    }

    private static final int POISON_EVERY = 50;
    /** One image in four also asks for a reconstruction: decoding costs K device calls, CPUs are few. */
    private static final int RECONSTRUCT_EVERY = 4;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<ImageEvent> serializer;
    private final String topic;

    public MixedLoad(String bootstrapServers, EventSerdes serdes, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = serdes.images().serializer();
        this.topic = topic;
    }

    public Sent run(ImageSource mnist, ImageSource fashion, double fashionShare, double ratePerSecond, double seconds,
             PrintStream log) {
        int count = (int) Math.round(ratePerSecond * seconds);
        int half = count / 2;
        int mnistSent = 0;
        int fashionSent = 0;
        int poisonSent = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String id;
            byte[] value;
            if (i % POISON_EVERY == POISON_EVERY / 2) {
                id = "poison-" + i;
                value = poison(i / POISON_EVERY, id);
                poisonSent++;
            } else if (i >= half && Math.floor((i + 1) * fashionShare) > Math.floor(i * fashionShare)) {
                // spread evenly: image i is fashion when the running share crosses a whole number
                ImageSource.Item item = fashion.get(i % fashion.size());
                // no true label: a garment's class number means nothing to the digit classifier
                ImageSource.Item unlabelled = item.unlabelled();
                id = item.id() + "#" + i;
                value = image(unlabelled, id, i);
                fashionSent++;
            } else {
                ImageSource.Item item = mnist.get(i % mnist.size());
                id = item.id() + "#" + i;
                value = image(item, id, i);
                mnistSent++;
            }
            producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                    id.getBytes(StandardCharsets.UTF_8), value));
            if ((i + 1) % (int) Math.max(1, ratePerSecond * 10) == 0) {
                log.printf("published %d of %d%n", i + 1, count);
            }
        }
        producer.flush();
        return new Sent(mnistSent, fashionSent, poisonSent);
    }

    private byte[] image(ImageSource.Item item, String id, int i) {
        List<OutputKind> outputs = i % RECONSTRUCT_EVERY == 0
                ? List.of(OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION)
                : List.of(OutputKind.LATENT, OutputKind.LABEL);
        ImageEvent event = Publisher.event(item, new Publisher.Request(outputs, null, null, "mnist"), "mnist");
        event.setId(id);
        return serializer.serialize(topic, event);
    }

    /** Alternates bytes that are no record at all (deserialization) and a 32x32 image (validation). */
    private byte[] poison(int n, String id) {
        if (n % 2 == 0) {
            return ("garbage " + id).getBytes(StandardCharsets.UTF_8);
        }
        ImageEvent wrongSize = ImageEvent.newBuilder().setId(id).setDomain("mnist")
                .setFormat(ImageFormat.RAW_U8).setImage(ByteBuffer.wrap(new byte[32 * 32]))
                .setWidth(32).setHeight(32).setChannels(1).setOutputs(List.of(OutputKind.LATENT)).build();
        return serializer.serialize(topic, wrongSize);
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.dmzstream.topology.testing;

import io.dmzstream.schemas.LatentCode;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.output.OutputEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Latent commands for broker tests: building, sending, and counting their samples. */
public final class Commands {
    private Commands() {
    }

    public static LatentCommand.Builder generate(String id, String domain, int count) {
        return LatentCommand.newBuilder().setId(id).setKind(LatentCommandKind.GENERATE).setDomain(domain).setCount(count);
    }

    public static LatentCommand.Builder interpolate(String id, String domain, float[] from, float[] to, int points) {
        return LatentCommand.newBuilder().setId(id).setKind(LatentCommandKind.INTERPOLATE).setDomain(domain)
                .setFrom(code(from)).setTo(code(to)).setPoints(points);
    }

    public static LatentCode code(float[] bits) {
        return LatentCode.newBuilder().setBits(ByteBuffer.wrap(OutputEvents.packBits(bits))).setD(bits.length).build();
    }

    public static float[] bits(LatentCode code) {
        ByteBuffer b = code.getBits().duplicate();
        float[] out = new float[code.getD()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (b.get(b.position() + i / 8) & (0x80 >>> (i % 8))) != 0 ? 1f : 0f;
        }
        return out;
    }

    /** Sends a command, or raw bytes (null: a tombstone), synchronously. */
    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, LatentCommand command) {
        send(producer, topic, key, EventSerdes.withoutRegistry().commands().serializer().serialize(topic, command));
    }

    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("command " + key + " to " + topic + " was not acknowledged", e);
        }
    }

    /** How many times each (command id, index) was produced. */
    public static Map<String, Integer> countByImage(List<ConsumerRecord<byte[], SampleEvent>> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], SampleEvent> r : records) {
            counts.merge(r.value().getCommandId() + "#" + r.value().getIndex(), 1, Integer::sum);
        }
        return counts;
    }
}

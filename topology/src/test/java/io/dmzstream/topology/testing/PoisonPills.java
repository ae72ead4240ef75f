package io.dmzstream.topology.testing;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.output.EventSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The nine kinds of bad input the service must dead-letter while good records flow, each with the
 * reason code expected in the {@code dmz.errors.reason} header. Values are serialized without a
 * registry (single-object encoding), as the embedded setup runs.
 */
public final class PoisonPills {
    /** Image limit the tests configure, so "too large" is cheap to produce. */
    public static final int MAX_IMAGE_BYTES = 4096;

    public record Pill(String name, byte[] value, String expectedStage, String expectedReason) {
    }

    private PoisonPills() {
    }

    public static Map<String, Pill> all(String topic) {
        Serializer<ImageEvent> ser = EventSerdes.withoutRegistry().images().serializer();
        byte[] good = ser.serialize(topic, Images.raw("good", "mnist", 42).build());
        Map<String, Pill> pills = new LinkedHashMap<>();

        add(pills, "garbage", "this is not an avro record at all".getBytes(StandardCharsets.UTF_8),
                "deserialization", "UNKNOWN_MAGIC_BYTE");
        byte[] magic = good.clone();
        magic[0] = 0x7f;
        add(pills, "wrong-magic-byte", magic, "deserialization", "UNKNOWN_MAGIC_BYTE");
        byte[] unknownId = good.clone();
        for (int i = 2; i < 10; i++) {
            unknownId[i] = (byte) ~unknownId[i];
        }
        add(pills, "unknown-schema-id", unknownId, "deserialization", "UNKNOWN_SCHEMA_ID");
        add(pills, "truncated-avro", Arrays.copyOf(good, good.length / 2), "deserialization", "TRUNCATED_PAYLOAD");

        byte[] notPng = "\u0089PNG\r\n\u001a\n but then garbage".getBytes(StandardCharsets.ISO_8859_1);
        add(pills, "corrupt-png", ser.serialize(topic, Images.png("corrupt-png", "mnist", 1)
                .setImage(ByteBuffer.wrap(notPng)).build()), "validation", "corrupt_png");
        add(pills, "wrong-dimensions", ser.serialize(topic, Images.raw("wrong-dimensions", "mnist", 1)
                .setImage(ByteBuffer.wrap(new byte[32 * 32])).setWidth(32).setHeight(32).build()),
                "validation", "wrong_dimensions");
        add(pills, "unknown-domain", ser.serialize(topic, Images.raw("unknown-domain", "cifar10", 1).build()),
                "validation", "unknown_domain");
        add(pills, "steps-out-of-range", ser.serialize(topic, Images.raw("steps-out-of-range", "mnist", 1,
                OutputKind.RECONSTRUCTION).setSteps(100_000).build()), "validation", "steps_out_of_range");
        add(pills, "image-too-large", ser.serialize(topic, Images.raw("image-too-large", "mnist", 1)
                .setImage(ByteBuffer.wrap(new byte[MAX_IMAGE_BYTES + 1])).build()), "validation", "image_too_large");
        return pills;
    }

    private static void add(Map<String, Pill> pills, String name, byte[] value, String stage, String reason) {
        pills.put(name, new Pill(name, value, stage, reason));
    }
}

package io.dmzstream.tools.chaos;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.output.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Inputs the service must dead-letter without stopping their partition: bytes that are not an
 * event, events that break the Avro encoding in ways a careless decoder trusts (huge counts,
 * negative lengths), events that validation must refuse (bad PNG, wrong shape, unknown domain, out
 * of range steps), oversized strings that a dead letter would echo, and an image the model itself
 * refuses. Values are single-object encoded (the poison deployment runs without a registry).
 */
final class PoisonCatalogue {
    /** Big enough to break a dead letter that repeats it, well under image.max.bytes (256 KiB by default). */
    static final int OVERSIZED = 120 * 1024;

    /**
     * @param expected the reason code the service has long given for it, where there is one (a report
     *                 column only: a pill passes with any reason as long as it gets exactly one dead letter)
     */
    record Pill(String name, byte[] value, String expected) {
    }

    private PoisonCatalogue() {
    }

    static List<Pill> all(Serializer<ImageEvent> serializer, String topic, int maxImageBytes) {
        List<Pill> pills = new ArrayList<>();
        byte[] good = serializer.serialize(topic, valid("good").build());
        byte[] header = Arrays.copyOf(good, 10);

        pills.add(new Pill("tombstone", null, null));
        pills.add(new Pill("empty-value", new byte[0], "TRUNCATED_PAYLOAD"));
        pills.add(new Pill("garbage", "this is not an avro record at all".getBytes(StandardCharsets.UTF_8),
                "UNKNOWN_MAGIC_BYTE"));
        byte[] magic = good.clone();
        magic[0] = 0x7f;
        pills.add(new Pill("wrong-magic-byte", magic, "UNKNOWN_MAGIC_BYTE"));
        byte[] unknownId = good.clone();
        for (int i = 2; i < 10; i++) {
            unknownId[i] = (byte) ~unknownId[i];
        }
        pills.add(new Pill("unknown-schema-id", unknownId, "UNKNOWN_SCHEMA_ID"));
        pills.add(new Pill("truncated-avro", Arrays.copyOf(good, good.length / 2), "TRUNCATED_PAYLOAD"));
        pills.add(new Pill("avro-huge-array-count", raw(header, e -> {
            fields(e, 28, 28);
            e.writeArrayStart();
            e.setItemCount(1L << 40);
            e.writeEnum(0);
        }), null));
        pills.add(new Pill("avro-huge-map-count", raw(header, e -> {
            fields(e, 28, 28);
            e.writeArrayStart();
            e.setItemCount(1);
            e.startItem();
            e.writeEnum(0);
            e.writeArrayEnd();
            e.writeIndex(0);
            e.writeIndex(0);
            e.writeIndex(0);
            e.writeMapStart();
            e.setItemCount(1L << 40);
            e.startItem();
            e.writeString("k");
            e.writeString("v");
        }), null));
        pills.add(new Pill("avro-negative-length", raw(header, e -> {
            e.writeString("neg");
            e.writeLong(-5); // a string length of -5
        }), null));
        pills.add(new Pill("avro-bad-enum-index", raw(header, e -> {
            e.writeString("enum");
            e.writeString("mnist");
            e.writeEnum(9);
        }), null));

        byte[] notPng = "\u0089PNG\r\n\u001a\n but then garbage".getBytes(StandardCharsets.ISO_8859_1);
        pills.add(event(serializer, topic, "corrupt-png", valid("corrupt-png").setFormat(ImageFormat.PNG)
                .setImage(ByteBuffer.wrap(notPng)), "corrupt_png"));
        pills.add(event(serializer, topic, "png-bomb-header", valid("png-bomb-header").setFormat(ImageFormat.PNG)
                .setImage(ByteBuffer.wrap(pngClaiming(60_000, 60_000))), null));
        pills.add(event(serializer, topic, "png-rgb-for-grey-model", valid("png-rgb").setFormat(ImageFormat.PNG)
                .setImage(ByteBuffer.wrap(rgbPng())), null));
        pills.add(event(serializer, topic, "wrong-dimensions", valid("wrong-dimensions")
                .setImage(ByteBuffer.wrap(new byte[32 * 32])).setWidth(32).setHeight(32), "wrong_dimensions"));
        pills.add(event(serializer, topic, "zero-dimensions", valid("zero-dimensions")
                .setImage(ByteBuffer.wrap(new byte[0])).setWidth(0).setHeight(0), null));
        pills.add(event(serializer, topic, "raw-length-mismatch", valid("raw-length-mismatch")
                .setImage(ByteBuffer.wrap(new byte[100])), "raw_length_mismatch"));
        pills.add(event(serializer, topic, "image-too-large", valid("image-too-large")
                .setImage(ByteBuffer.wrap(new byte[maxImageBytes + 1])), "image_too_large"));
        pills.add(event(serializer, topic, "unknown-domain", valid("unknown-domain").setDomain("cifar10"),
                "unknown_domain"));
        pills.add(event(serializer, topic, "no-outputs", valid("no-outputs").setOutputs(List.of()), "no_outputs"));
        pills.add(event(serializer, topic, "steps-out-of-range", valid("steps-out-of-range")
                .setOutputs(List.of(OutputKind.RECONSTRUCTION)).setSteps(100_000), "steps_out_of_range"));
        pills.add(event(serializer, topic, "negative-steps", valid("negative-steps")
                .setOutputs(List.of(OutputKind.RECONSTRUCTION)).setSteps(-3), "steps_out_of_range"));
        pills.add(event(serializer, topic, "transfer-without-target", valid("transfer-without-target")
                .setOutputs(List.of(OutputKind.TRANSFER)), "missing_target_domain"));
        pills.add(event(serializer, topic, "transfer-without-bridge", valid("transfer-without-bridge")
                .setOutputs(List.of(OutputKind.TRANSFER)).setTargetDomain("fashion"), "no_bridge"));
        String huge = "x".repeat(OVERSIZED);
        pills.add(event(serializer, topic, "oversized-domain", valid("oversized-domain").setDomain(huge), null));
        pills.add(event(serializer, topic, "oversized-id", valid(huge).setDomain("cifar10"), null));
        pills.add(event(serializer, topic, "oversized-target-domain", valid("oversized-target-domain")
                .setOutputs(List.of(OutputKind.TRANSFER)).setTargetDomain(huge), null));
        pills.add(event(serializer, topic, "oversized-attribute", valid("oversized-attribute")
                .setDomain("cifar10").setAttributes(Map.of(huge, huge.substring(0, 1024))), null));
        byte[] refused = Traffic.pixels(7);
        refused[0] = (byte) 255;
        refused[1] = 0;
        refused[2] = (byte) 255;
        pills.add(event(serializer, topic, "model-refuses-row", valid("model-refuses-row")
                .setImage(ByteBuffer.wrap(refused)), null));
        return pills;
    }

    private static ImageEvent.Builder valid(String id) {
        return ImageEvent.newBuilder().setId(id).setDomain("mnist").setFormat(ImageFormat.RAW_U8)
                .setImage(ByteBuffer.wrap(Traffic.pixels(id.length()))).setWidth(28).setHeight(28).setChannels(1)
                .setOutputs(List.of(OutputKind.LATENT, OutputKind.LABEL)).setAttributes(Map.of());
    }

    private static Pill event(Serializer<ImageEvent> serializer, String topic, String name, ImageEvent.Builder b,
                              String expected) {
        return new Pill(name, serializer.serialize(topic, b.build()), expected);
    }

    /** id, domain, format RAW_U8, 784 image bytes, width, height, channels 1: the fields before outputs. */
    private static void fields(BinaryEncoder e, int width, int height) throws IOException {
        e.writeString("crafted");
        e.writeString("mnist");
        e.writeEnum(1);
        e.writeBytes(new byte[width * height]);
        e.writeInt(width);
        e.writeInt(height);
        e.writeInt(1);
    }

    private interface Body {
        void write(BinaryEncoder e) throws IOException;
    }

    /** A single-object header followed by a hand-written Avro body. */
    private static byte[] raw(byte[] header, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        try {
            body.write(e);
            e.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** A valid 28x28 grey PNG whose header claims another size (the CRC fixed, so only the size lies). */
    static byte[] pngClaiming(int width, int height) {
        byte[] png = PngEncoder.encode(new float[28 * 28], 28, 28, 1);
        ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 data bytes
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }

    private static byte[] rgbPng() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

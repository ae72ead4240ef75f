package io.dmzstream.topology.testing;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.output.PngEncoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test ImageEvents: random 28x28 grey images as raw bytes or PNG. */
public final class Images {
    private Images() {
    }

    public static byte[] rawPixels(long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[28 * 28];
        r.nextBytes(px);
        // keep away from the stand-in's poison marker
        px[0] = 10;
        return px;
    }

    public static ImageEvent.Builder raw(String id, String domain, long seed, OutputKind... outputs) {
        return ImageEvent.newBuilder().setId(id).setDomain(domain).setFormat(ImageFormat.RAW_U8)
                .setImage(ByteBuffer.wrap(rawPixels(seed))).setWidth(28).setHeight(28).setChannels(1)
                .setOutputs(outputs.length == 0 ? List.of(OutputKind.LATENT, OutputKind.LABEL) : Arrays.asList(outputs))
                .setAttributes(Map.of("label", String.valueOf(seed % 10)));
    }

    public static ImageEvent.Builder png(String id, String domain, long seed, OutputKind... outputs) {
        byte[] px = rawPixels(seed);
        float[] f = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            f[i] = (px[i] & 0xff) / 127.5f - 1f;
        }
        return raw(id, domain, seed, outputs).setFormat(ImageFormat.PNG)
                .setImage(ByteBuffer.wrap(PngEncoder.encode(f, 28, 28, 1)));
    }

    /** An image the stand-in encoder refuses (an inference failure, not a validation one). */
    public static ImageEvent.Builder poison(String id) {
        byte[] px = rawPixels(1);
        px[0] = (byte) 255;
        px[1] = 0;
        px[2] = (byte) 255;
        return raw(id, "mnist", 1).setImage(ByteBuffer.wrap(px));
    }

    public static List<OutputKind> all() {
        return List.of(OutputKind.values());
    }
}

package io.dmzstream.topology.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dmzstream.model.data.PixelScale;
import org.junit.jupiter.api.Test;

/** The byte -> model table gives exactly what {@link PixelScale} computes, for every byte value. */
class ImageDecoderTest {
    @Test
    void everyByteValueDecodesAsPixelScaleSays() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        float[] pixels = ImageDecoder.raw(all, 16, 16, 1);
        for (int v = 0; v < 256; v++) {
            assertEquals(PixelScale.toModel((byte) v), pixels[v], 0f, "byte " + v);
        }
    }
}

package io.dmzstream.topology.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageValidatorTest {
    private final ImageValidator validator = new ImageValidator(TestModels.catalog(Duration.ZERO), 1 << 20, 10, 50);

    /** A PNG file made of the given IHDR fields and an IDAT that is not valid zlib data. */
    static byte[] png(int width, int height, int bitDepth, int colourType) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.writeByte(bitDepth);
        h.writeByte(colourType);
        h.writeByte(0);
        h.writeByte(0);
        h.writeByte(0);
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", "not zlib data at all".getBytes(StandardCharsets.US_ASCII));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private Rejection reject(byte[] pngBytes) {
        ImageEvent event = Images.png("x", "mnist", 1).setImage(ByteBuffer.wrap(pngBytes)).build();
        return assertThrows(Rejection.class, () -> validator.validate(event, 1L));
    }

    @Test
    void thePngHeaderIsCheckedAgainstTheModelBeforeAnyPixelIsDecoded() throws Exception {
        // the pixel data is garbage: a decoder would fail on it, the header check answers first
        // an oversized header is refused by the pixel limit, still before any pixel is inflated
        assertEquals(Rejection.TOO_MANY_PIXELS, reject(png(4000, 4000, 8, 0)).reason());
        assertEquals(Rejection.WRONG_DIMENSIONS, reject(png(28, 29, 8, 0)).reason());
    }

    @Test
    void anInvalidPngHeaderIsACorruptPng() throws Exception {
        assertEquals(Rejection.CORRUPT_PNG, reject(png(28, 28, 3, 0)).reason(), "bit depth 3 does not exist");
        assertEquals(Rejection.CORRUPT_PNG, reject(png(28, 28, 4, 2)).reason(), "RGB needs 8 or 16 bits");
        assertEquals(Rejection.CORRUPT_PNG, reject(png(28, 28, 8, 5)).reason(), "colour type 5 does not exist");
        byte[] truncated = java.util.Arrays.copyOf(png(28, 28, 8, 0), 20);
        assertEquals(Rejection.CORRUPT_PNG, reject(truncated).reason());
    }

    @Test
    void aWellFormedPngIsDecoded() {
        ImageEvent event = Images.png("x", "mnist", 1).build();
        assertEquals(28 * 28, validator.validate(event, 1L).pixels().length);
    }
}

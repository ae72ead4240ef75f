package io.dmzstream.topology.validation;

import java.nio.ByteBuffer;

/**
 * The IHDR chunk of a PNG file, read without decoding anything, so an image can be checked
 * against the model (dimensions, a valid bit depth for its colour type) before its pixels are
 * inflated: a small file may declare a huge image.
 */
public record PngHeader(int width, int height, int bitDepth, int colourType, int interlace) {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR = 0x49484452;

    /** @throws Rejection {@code corrupt_png} when the bytes do not start with a valid PNG header */
    public static PngHeader read(byte[] png) {
        if (png.length < 33) {
            throw corrupt("too short for a PNG header (" + png.length + " bytes)");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw corrupt("no PNG signature");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(png, 8, 25);
        int length = b.getInt();
        if (b.getInt() != IHDR || length != 13) {
            throw corrupt("the first chunk is not a 13-byte IHDR");
        }
        PngHeader h = new PngHeader(b.getInt(), b.getInt(), b.get() & 0xff, b.get() & 0xff, png[28] & 0xff);
        int compression = b.get() & 0xff;
        int filter = b.get() & 0xff;
        if (h.width <= 0 || h.height <= 0) {
            throw corrupt("dimensions " + Integer.toUnsignedString(h.width) + "x" + Integer.toUnsignedString(h.height));
        }
        if (!validDepth(h.colourType, h.bitDepth)) {
            throw corrupt("bit depth " + h.bitDepth + " with colour type " + h.colourType);
        }
        if (compression != 0 || filter != 0 || h.interlace > 1) {
            throw corrupt("unknown compression, filter or interlace method");
        }
        return h;
    }

    /** The combinations the PNG specification allows. */
    private static boolean validDepth(int colourType, int depth) {
        return switch (colourType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; // grey
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8; // palette
            case 2, 4, 6 -> depth == 8 || depth == 16; // RGB, grey + alpha, RGBA
            default -> false;
        };
    }

    private static Rejection corrupt(String what) {
        return new Rejection(Rejection.CORRUPT_PNG, "not a valid PNG: " + what);
    }
}

package io.dmzstream.model.data;

/** Conversion between unsigned-byte pixels [0, 255] and the model's range [-1, 1]. */
public final class PixelScale {
    private PixelScale() {
    }

    public static float toModel(byte pixel) {
        return (pixel & 0xff) / 127.5f - 1f;
    }

    public static int toByte(float value) {
        int v = Math.round((value + 1f) * 127.5f);
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}

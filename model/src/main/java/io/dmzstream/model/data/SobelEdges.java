package io.dmzstream.model.data;

/**
 * The "edges" domain: Sobel gradient magnitude of each Fashion-MNIST image, normalised per image
 * to [0, 255]. Image i of the edges split pairs with image i of the source split, which is what
 * the domain-transfer bridge trains on.
 */
public final class SobelEdges {
    private SobelEdges() {
    }

    public static Dataset of(Dataset source) {
        int h = source.height();
        int w = source.width();
        int n = source.pixelsPerImage();
        byte[] out = new byte[source.pixels().length];
        float[] mag = new float[n];
        for (int img = 0; img < source.size(); img++) {
            int base = img * n;
            float max = 0f;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float gx = px(source, base, h, w, y - 1, x + 1) + 2 * px(source, base, h, w, y, x + 1)
                            + px(source, base, h, w, y + 1, x + 1) - px(source, base, h, w, y - 1, x - 1)
                            - 2 * px(source, base, h, w, y, x - 1) - px(source, base, h, w, y + 1, x - 1);
                    float gy = px(source, base, h, w, y + 1, x - 1) + 2 * px(source, base, h, w, y + 1, x)
                            + px(source, base, h, w, y + 1, x + 1) - px(source, base, h, w, y - 1, x - 1)
                            - 2 * px(source, base, h, w, y - 1, x) - px(source, base, h, w, y - 1, x + 1);
                    float m = (float) Math.sqrt(gx * gx + gy * gy);
                    mag[y * w + x] = m;
                    max = Math.max(max, m);
                }
            }
            for (int i = 0; i < n; i++) {
                out[base + i] = (byte) (max == 0f ? 0 : Math.round(255f * mag[i] / max));
            }
        }
        return new Dataset("edges", source.split(), h, w, out, source.labels().clone(), source.classNames());
    }

    /** Pixel in [0, 1], zero outside the image. */
    private static float px(Dataset d, int base, int h, int w, int y, int x) {
        if (y < 0 || y >= h || x < 0 || x >= w) {
            return 0f;
        }
        return (d.pixels()[base + y * w + x] & 0xff) / 255f;
    }
}

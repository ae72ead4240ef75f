package io.dmzstream.model.data;

import java.util.List;

/**
 * An in-memory split of a 28x28 grey-scale dataset: unsigned-byte pixels, row-major, one image
 * after another, and a class label per image.
 */
public record Dataset(String name, Split split, int height, int width, byte[] pixels, byte[] labels,
                      List<String> classNames) {

    public enum Split { TRAIN, TEST }

    public Dataset {
        classNames = List.copyOf(classNames);
        if (pixels.length != labels.length * height * width) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") do not match "
                    + labels.length + " images of " + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return height * width;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** The image as unsigned bytes. */
    public byte[] imageBytes(int index) {
        byte[] out = new byte[pixelsPerImage()];
        System.arraycopy(pixels, index * pixelsPerImage(), out, 0, out.length);
        return out;
    }

    /** The image scaled to [-1, 1], the model's input range. */
    public float[] image(int index) {
        float[] out = new float[pixelsPerImage()];
        int base = index * pixelsPerImage();
        for (int i = 0; i < out.length; i++) {
            out[i] = PixelScale.toModel(pixels[base + i]);
        }
        return out;
    }

    /** Copies image {@code index} into {@code target} at {@code offset}, in model units. */
    public void copyImage(int index, float[] target, int offset) {
        int n = pixelsPerImage();
        int base = index * n;
        for (int i = 0; i < n; i++) {
            target[offset + i] = PixelScale.toModel(pixels[base + i]);
        }
    }

    /** The first {@code n} images (or all if fewer). */
    public Dataset head(int n) {
        int count = Math.min(n, size());
        byte[] px = new byte[count * pixelsPerImage()];
        System.arraycopy(pixels, 0, px, 0, px.length);
        byte[] lb = new byte[count];
        System.arraycopy(labels, 0, lb, 0, count);
        return new Dataset(name, split, height, width, px, lb, classNames);
    }
}

package io.dmzstream.model.data;

import java.util.List;

/**
 * An in-memory split of an image dataset: unsigned-byte pixels, row-major H x W x C (channels
 * interleaved, as NHWC tensors), one image after another, and a class label per image.
 *
 * @param classNames class names, index = label; empty for an unlabelled dataset (every label is 0)
 */
public record Dataset(String name, Split split, int height, int width, int channels, byte[] pixels, byte[] labels,
                      List<String> classNames) {

    public enum Split { TRAIN, TEST }

    public Dataset {
        classNames = List.copyOf(classNames);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (pixels.length != (long) labels.length * height * width * channels) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") do not match "
                    + labels.length + " images of " + height + "x" + width + "x" + channels);
        }
    }

    /** A grey-scale dataset (one channel). */
    public Dataset(String name, Split split, int height, int width, byte[] pixels, byte[] labels, List<String> classNames) {
        this(name, split, height, width, 1, pixels, labels, classNames);
    }

    public int size() {
        return labels.length;
    }

    /** Values per image: H * W * C. */
    public int pixelsPerImage() {
        return height * width * channels;
    }

    /** True when the images carry class labels. */
    public boolean labelled() {
        return !classNames.isEmpty();
    }

    /** E.g. {@code 32x32x3}. */
    public String describeImage() {
        return width + "x" + height + "x" + channels;
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
        copyImage(index, out, 0);
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
        return new Dataset(name, split, height, width, channels, px, lb, classNames);
    }
}

package io.dmzstream.topology.testing;

import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cheap, deterministic stand-in for a DMZ model (28x28x1 by default, any H x W x C on request;
 * 16 bits): a bit per block of a 4 x 4 grid (7x7 pixels at 28x28) says whether the block is
 * brighter than the image's average; the label is the number of set bits mod 10; the "denoiser"
 * predicts the epsilon that points x towards the blocky image the bits describe, so a decode
 * really converges and reconstructions resemble the input. Without labels it has no label head.
 *
 * <p>Optional per-call delay (to keep requests in flight in crash tests) and a poison input
 * (first pixels 255, 0, 255) on which encode throws, to exercise inference failures.
 */
public final class StandInModel implements DmzModel {
    public static final int SIDE = 28;
    public static final int BLOCK = 7;
    /** Blocks per row and per column. */
    public static final int GRID = SIDE / BLOCK;
    public static final int BITS = GRID * GRID;
    public static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final ModelInfo info;
    private final NoiseSchedule schedule;
    private final Duration callDelay;
    public final AtomicInteger encodeCalls = new AtomicInteger();
    public final AtomicInteger denoiseCalls = new AtomicInteger();
    public final AtomicLong denoiseRows = new AtomicLong();
    public final AtomicInteger maxDenoiseBatch = new AtomicInteger();

    public StandInModel(String domain, Duration callDelay) {
        this(domain, callDelay, SIDE, SIDE, 1, LABELS);
    }

    /** A stand-in taking {@code height x width x channels} images; empty {@code labels}: no label head. */
    public StandInModel(String domain, Duration callDelay, int height, int width, int channels, List<String> labels) {
        this.info = new ModelInfo("standin-" + domain, "0.0.1", domain, height, width, channels, BITS, 1000,
                NoiseSchedule.Kind.COSINE, labels);
        this.schedule = info.noiseSchedule();
        this.callDelay = callDelay;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Whether encode refuses this image (the poison marker). */
    public static boolean isPoison(float[] image) {
        return image[0] == 1f && image[1] == -1f && image[2] == 1f;
    }

    @Override
    public Codes encode(float[][] images) {
        pause();
        encodeCalls.incrementAndGet();
        float[][] bits = new float[images.length][BITS];
        float[][] probs = new float[images.length][BITS];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != info.pixels()) {
                throw new IllegalArgumentException("image has " + images[i].length + " values; " + info.id()
                        + " takes " + info.width() + "x" + info.height() + "x" + info.channels() + " = " + info.pixels());
            }
            if (isPoison(images[i])) {
                throw new IllegalStateException("stand-in encoder refuses the poison image");
            }
            double mean = 0;
            for (float v : images[i]) {
                mean += v;
            }
            mean /= images[i].length;
            for (int b = 0; b < BITS; b++) {
                double block = blockMean(images[i], b, info);
                double p = 1.0 / (1.0 + Math.exp(-8.0 * (block - mean)));
                probs[i][b] = (float) p;
                bits[i][b] = p > 0.5 ? 1f : 0f;
            }
        }
        return new Codes(bits, probs);
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        if (info.labels().isEmpty()) {
            throw new UnsupportedOperationException(info.id() + " has no label head (no_label_head)");
        }
        float[][] out = new float[probabilities.length][10];
        for (int i = 0; i < probabilities.length; i++) {
            int set = 0;
            for (float p : probabilities[i]) {
                set += p > 0.5f ? 1 : 0;
            }
            int label = set % 10;
            double sum = 0;
            double[] e = new double[10];
            for (int c = 0; c < 10; c++) {
                e[c] = Math.exp(c == label ? 3.0 : (c == (label + 1) % 10 ? 1.0 : 0.0));
                sum += e[c];
            }
            for (int c = 0; c < 10; c++) {
                out[i][c] = (float) (e[c] / sum);
            }
        }
        return out;
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        pause();
        denoiseCalls.incrementAndGet();
        denoiseRows.addAndGet(x.length);
        maxDenoiseBatch.accumulateAndGet(x.length, Math::max);
        float[][] eps = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double ab = schedule.alphaBar(timesteps[i]);
            double sa = Math.sqrt(ab);
            double sb = Math.sqrt(1.0 - ab);
            float[] target = blocky(codes[i], info);
            eps[i] = new float[x[i].length];
            for (int p = 0; p < x[i].length; p++) {
                eps[i][p] = (float) ((x[i][p] - sa * target[p]) / sb);
            }
        }
        return eps;
    }

    /** The 28x28 grey image a code describes: +0.8 in blocks whose bit is set, -0.8 elsewhere. */
    public static float[] blocky(float[] code) {
        return blocky(code, new ModelInfo("standin", "0", "any", SIDE, SIDE, 1, BITS, 1000, NoiseSchedule.Kind.COSINE,
                List.of()));
    }

    /** The image of the model's shape a code describes, every channel alike. */
    public static float[] blocky(float[] code, ModelInfo shape) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        float[] img = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = code[block(y, x, h, w)] > 0.5f ? 0.8f : -0.8f;
                for (int k = 0; k < c; k++) {
                    img[(y * w + x) * c + k] = v;
                }
            }
        }
        return img;
    }

    /** The grid block of pixel (y, x): rows and columns split in GRID near-equal parts. */
    private static int block(int y, int x, int h, int w) {
        return (y * GRID / h) * GRID + x * GRID / w;
    }

    private static double blockMean(float[] image, int block, ModelInfo shape) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        double sum = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (block(y, x, h, w) == block) {
                    for (int k = 0; k < c; k++) {
                        sum += image[(y * w + x) * c + k];
                        n++;
                    }
                }
            }
        }
        return sum / n;
    }

    private void pause() {
        if (!callDelay.isZero()) {
            try {
                Thread.sleep(callDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
    }
}

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
 * A cheap, deterministic stand-in for a DMZ model (28x28x1, 16 bits): a bit per 7x7 block says
 * whether the block is brighter than average grey; the label is the number of set bits mod 10; the
 * "denoiser" predicts the epsilon that points x towards the blocky image the bits describe, so a
 * decode really converges and reconstructions resemble the input.
 *
 * <p>Optional per-call delay (to keep requests in flight in crash tests) and a poison input
 * (first pixels 255, 0, 255) on which encode throws, to exercise inference failures.
 */
public final class StandInModel implements DmzModel {
    public static final int SIDE = 28;
    public static final int BLOCK = 7;
    public static final int BITS = (SIDE / BLOCK) * (SIDE / BLOCK);
    public static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final ModelInfo info;
    private final NoiseSchedule schedule;
    private final Duration callDelay;
    public final AtomicInteger encodeCalls = new AtomicInteger();
    public final AtomicInteger denoiseCalls = new AtomicInteger();
    public final AtomicLong denoiseRows = new AtomicLong();
    public final AtomicInteger maxDenoiseBatch = new AtomicInteger();

    public StandInModel(String domain, Duration callDelay) {
        this.info = new ModelInfo("standin-" + domain, "0.0.1", domain, SIDE, SIDE, 1, BITS, 1000,
                NoiseSchedule.Kind.COSINE, LABELS);
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
            if (isPoison(images[i])) {
                throw new IllegalStateException("stand-in encoder refuses the poison image");
            }
            double mean = 0;
            for (float v : images[i]) {
                mean += v;
            }
            mean /= images[i].length;
            for (int b = 0; b < BITS; b++) {
                double block = blockMean(images[i], b);
                double p = 1.0 / (1.0 + Math.exp(-8.0 * (block - mean)));
                probs[i][b] = (float) p;
                bits[i][b] = p > 0.5 ? 1f : 0f;
            }
        }
        return new Codes(bits, probs);
    }

    @Override
    public float[][] classify(float[][] probabilities) {
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
            float[] target = blocky(codes[i]);
            eps[i] = new float[x[i].length];
            for (int p = 0; p < x[i].length; p++) {
                eps[i][p] = (float) ((x[i][p] - sa * target[p]) / sb);
            }
        }
        return eps;
    }

    /** The image a code describes: +0.8 in blocks whose bit is set, -0.8 elsewhere. */
    public static float[] blocky(float[] code) {
        float[] img = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int b = (y / BLOCK) * (SIDE / BLOCK) + x / BLOCK;
                img[y * SIDE + x] = code[b] > 0.5f ? 0.8f : -0.8f;
            }
        }
        return img;
    }

    private static double blockMean(float[] image, int block) {
        int by = block / (SIDE / BLOCK);
        int bx = block % (SIDE / BLOCK);
        double sum = 0;
        for (int y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
            for (int x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
                sum += image[y * SIDE + x];
            }
        }
        return sum / (BLOCK * BLOCK);
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

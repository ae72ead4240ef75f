package io.dmzstream.tools.chaos;

import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import java.util.List;

/**
 * What chaos instances serve instead of a trained model: 28x28x1 images, 16 bits (one per 7x7
 * block: brighter than the image's mean), label = set bits mod 10, and a denoiser that points x
 * towards the blank image. No TensorFlow, microseconds per call, so two instances and a broker fit
 * on a small shared machine; every call first asks {@link EngineFaults} whether to fail.
 */
final class ChaosModel implements DmzModel {
    static final int SIDE = 28;
    private static final int BLOCK = 7;
    private static final int BITS = (SIDE / BLOCK) * (SIDE / BLOCK);
    private static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final ModelInfo info;
    private final NoiseSchedule schedule;
    private final EngineFaults faults;

    ChaosModel(String domain, EngineFaults faults) {
        this.info = new ModelInfo("chaos-" + domain, "0.0.1", domain, SIDE, SIDE, 1, BITS, 1000,
                NoiseSchedule.Kind.COSINE, LABELS);
        this.schedule = info.noiseSchedule();
        this.faults = faults;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Codes encode(float[][] images) {
        faults.beforeCall();
        for (float[] image : images) {
            if (refuses(image)) {
                throw new IllegalArgumentException("chaos model refuses the marked image (pixels 255, 0, 255)");
            }
        }
        float[][] bits = new float[images.length][BITS];
        float[][] probs = new float[images.length][BITS];
        for (int i = 0; i < images.length; i++) {
            double mean = 0;
            for (float v : images[i]) {
                mean += v;
            }
            mean /= images[i].length;
            for (int b = 0; b < BITS; b++) {
                double p = 1.0 / (1.0 + Math.exp(-8.0 * (blockMean(images[i], b) - mean)));
                probs[i][b] = (float) p;
                bits[i][b] = BitThreshold.bit(probs[i][b]);
            }
        }
        return new Codes(bits, probs);
    }

    /**
     * The image the model cannot encode (its first pixels 255, 0, 255): a fault of one row, so the
     * service must tell it from a device fault by its batch-mates succeeding.
     */
    static boolean refuses(float[] image) {
        return image[0] == 1f && image[1] == -1f && image[2] == 1f;
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        float[][] out = new float[probabilities.length][LABELS.size()];
        for (int i = 0; i < probabilities.length; i++) {
            int set = 0;
            for (float p : probabilities[i]) {
                set += BitThreshold.isSet(p) ? 1 : 0;
            }
            out[i][set % LABELS.size()] = 1f;
        }
        return out;
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        faults.beforeCall();
        float[][] eps = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            float sb = (float) Math.sqrt(Math.max(1e-6, 1.0 - schedule.alphaBar(timesteps[i])));
            eps[i] = new float[x[i].length];
            for (int p = 0; p < x[i].length; p++) {
                eps[i][p] = x[i][p] / sb;
            }
        }
        return eps;
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

    @Override
    public void close() {
    }
}

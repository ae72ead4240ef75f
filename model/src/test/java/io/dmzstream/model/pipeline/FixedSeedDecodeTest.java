package io.dmzstream.model.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code dmz-mnist} decodes fixed codes with fixed seeds to the images it decoded
 * before the decode loop became the shared {@code DecodeTick} (and the model's calls went through
 * a reused predictor): the figures below were printed by this test on the code before that change.
 * A tolerance, not bit equality, because TensorFlow's kernels may round differently on another CPU.
 */
class FixedSeedDecodeTest {
    private static final Path MODEL = Path.of("zoo", "dmz-mnist");
    private static final int[] PROBES = {0, 100, 406, 783};
    private static final double TOLERANCE = 1e-3;

    /** Per image: the sum of its pixels, then the pixels at {@link #PROBES}. */
    private static final double[][] BEFORE = {
        // DDPM, seeds 11..14
        {-542.103275, -0.966998, -0.961211, -0.617951, -0.982007},
        {-530.783287, -0.938163, -0.932490, -0.225818, -0.954179},
        {-568.793890, -0.969021, -0.981845, 0.836784, -0.976432},
        {-537.266660, -0.972455, -0.975606, -0.962024, -0.965369},
        // DDIM, same codes
        {-508.675527, -0.957535, -0.935324, 0.107297, -0.942065},
        {-427.479541, -0.818406, -0.818243, 0.785124, -0.809836},
        {-563.286105, -0.976300, -0.975091, -0.765900, -0.974389},
        {-489.889903, -0.918535, -0.909266, -0.822284, -0.922951},
    };

    @Test
    void fixedSeedsDecodeAsBefore() throws IOException {
        try (DmzModel model = DmzModels.load(MODEL)) {
            float[][] images = decode(model, SamplerKind.DDPM);
            float[][] ddim = decode(model, SamplerKind.DDIM);
            double[][] got = new double[images.length + ddim.length][];
            for (int i = 0; i < images.length; i++) {
                got[i] = figures(images[i]);
                got[images.length + i] = figures(ddim[i]);
            }
            StringBuilder print = new StringBuilder("decoded figures:\n");
            for (double[] row : got) {
                print.append("        {");
                for (int k = 0; k < row.length; k++) {
                    print.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", row[k]));
                }
                print.append("},\n");
            }
            System.out.println(print);
            assertEquals(BEFORE.length, got.length, "expected figures for every image");
            for (int i = 0; i < got.length; i++) {
                for (int k = 0; k < got[i].length; k++) {
                    assertEquals(BEFORE[i][k], got[i][k], TOLERANCE * (k == 0 ? 10 : 1), "image " + i + " figure " + k);
                }
            }
        }
    }

    /** Four codes from a fixed seed, decoded at K = 10 with seeds 11..14. */
    private static float[][] decode(DmzModel model, SamplerKind kind) {
        int d = model.info().bits();
        SplittableRandom rng = new SplittableRandom(42);
        float[][] codes = new float[4][d];
        long[] seeds = new long[codes.length];
        for (int i = 0; i < codes.length; i++) {
            for (int k = 0; k < d; k++) {
                codes[i][k] = rng.nextBoolean() ? 1f : 0f;
            }
            seeds[i] = 11 + i;
        }
        return new DecodePipeline(model, model.sampler(kind)).decode(codes, 10, seeds);
    }

    private static double[] figures(float[] image) {
        double[] out = new double[1 + PROBES.length];
        for (float v : image) {
            out[0] += v;
        }
        for (int k = 0; k < PROBES.length; k++) {
            out[1 + k] = image[PROBES[k]];
        }
        return out;
    }
}

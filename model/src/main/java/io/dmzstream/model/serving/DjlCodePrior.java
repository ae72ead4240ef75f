package io.dmzstream.model.serving;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.dmzstream.model.export.PriorManifest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A prior served through DJL's TensorFlow engine. Row i's random numbers come from a
 * {@link SplittableRandom} seeded with {@code seeds[i]}: first one uniform that picks the class when
 * none is given (always drawn, so a seed gives the same bit uniforms with or without a class), then
 * d uniforms for the bits, each a multiple of 2^-24 so it is exact in float32.
 */
final class DjlCodePrior implements CodePrior {
    private static final int CHUNK = 8192;

    private final PriorManifest manifest;
    private final ZooModel<NDList, NDList> sampler;
    private final ZooModel<NDList, NDList> scorer;
    private final double[] cumulative;

    DjlCodePrior(PriorManifest manifest, ZooModel<NDList, NDList> sampler, ZooModel<NDList, NDList> scorer) {
        this.manifest = manifest;
        this.sampler = sampler;
        this.scorer = scorer;
        List<Double> f = manifest.classFrequencies();
        cumulative = new double[f.size()];
        double total = f.stream().mapToDouble(Double::doubleValue).sum();
        double acc = 0;
        for (int c = 0; c < cumulative.length; c++) {
            acc += f.get(c) / total;
            cumulative[c] = acc;
        }
    }

    @Override
    public String name() {
        return manifest.name() + ":" + manifest.version();
    }

    @Override
    public String model() {
        return manifest.model();
    }

    @Override
    public int bits() {
        return manifest.bits();
    }

    @Override
    public boolean conditional() {
        return manifest.conditional();
    }

    @Override
    public List<String> classes() {
        return manifest.conditional() ? List.copyOf(manifest.classes()) : List.of();
    }

    private int classCount() {
        return manifest.classes().size();
    }

    @Override
    public float[][] sample(int[] classes, long[] seeds) {
        int n = requireRows(classes, seeds.length);
        int d = bits();
        int c = classCount();
        float[] oneHot = new float[n * c];
        float[] uniform = new float[n * d];
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = new SplittableRandom(seeds[i]);
            double pick = rng.nextDouble();
            oneHot[i * c + (classes[i] == ANY_CLASS ? drawClass(pick) : classes[i])] = 1f;
            for (int k = 0; k < d; k++) {
                uniform[i * d + k] = rng.nextInt(1 << 24) / (float) (1 << 24);
            }
        }
        try (NDManager m = sampler.getNDManager().newSubManager()) {
            NDArray cls = m.create(oneHot, new Shape(n, c));
            cls.setName("class");
            NDArray u = m.create(uniform, new Shape(n, d));
            u.setName("uniform");
            // the engine orders signature inputs by name: class, uniform
            return rows(run(sampler, new NDList(cls, u)).get("bits").toFloatArray(), n, d);
        }
    }

    @Override
    public double[] nllBits(float[][] codes, int[] classes) {
        int n = requireRows(classes, codes.length);
        int d = bits();
        int c = classCount();
        // one scored row per (code, class) pair: every class for ANY_CLASS rows, then mixed in log space
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            if (codes[i].length != d) {
                throw new IllegalArgumentException("code has " + codes[i].length + " bits, prior " + name() + " expects " + d);
            }
            pairs += classes[i] == ANY_CLASS ? c : 1;
        }
        float[] pairBits = new float[pairs * d];
        float[] pairClass = new float[pairs * c];
        int r = 0;
        for (int i = 0; i < n; i++) {
            int from = classes[i] == ANY_CLASS ? 0 : classes[i];
            int to = classes[i] == ANY_CLASS ? c : classes[i] + 1;
            for (int y = from; y < to; y++, r++) {
                System.arraycopy(codes[i], 0, pairBits, r * d, d);
                pairClass[r * c + y] = 1f;
            }
        }
        float[] nll = new float[pairs];
        for (int s = 0; s < pairs; s += CHUNK) {
            int size = Math.min(CHUNK, pairs - s);
            try (NDManager m = scorer.getNDManager().newSubManager()) {
                NDArray b = m.create(Arrays.copyOfRange(pairBits, s * d, (s + size) * d), new Shape(size, d));
                b.setName("bits");
                NDArray cl = m.create(Arrays.copyOfRange(pairClass, s * c, (s + size) * c), new Shape(size, c));
                cl.setName("class");
                System.arraycopy(run(scorer, new NDList(b, cl)).get("nll").toFloatArray(), 0, nll, s, size);
            }
        }
        double[] out = new double[n];
        r = 0;
        for (int i = 0; i < n; i++) {
            if (classes[i] != ANY_CLASS) {
                out[i] = nll[r++];
                continue;
            }
            out[i] = marginal(Arrays.copyOfRange(nll, r, r + c));
            r += c;
        }
        return out;
    }

    /** -log2 sum_y p(y) 2^-nll_y, computed stably. */
    private double marginal(float[] conditional) {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[conditional.length];
        for (int y = 0; y < terms.length; y++) {
            double p = cumulative[y] - (y == 0 ? 0 : cumulative[y - 1]);
            terms[y] = p > 0 ? Math.log(p) / Math.log(2) - conditional[y] : Double.NEGATIVE_INFINITY;
            max = Math.max(max, terms[y]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.pow(2, t - max);
        }
        return -(max + Math.log(sum) / Math.log(2));
    }

    private int drawClass(double u) {
        for (int c = 0; c < cumulative.length - 1; c++) {
            if (u < cumulative[c]) {
                return c;
            }
        }
        return cumulative.length - 1;
    }

    private int requireRows(int[] classes, int rows) {
        if (classes.length != rows) {
            throw new IllegalArgumentException(rows + " rows but " + classes.length + " classes");
        }
        if (rows == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        for (int y : classes) {
            if (y == ANY_CLASS) {
                continue;
            }
            if (!conditional()) {
                throw new IllegalArgumentException("prior " + name() + " is unconditional: no class can be asked for");
            }
            if (y < 0 || y >= classCount()) {
                throw new IllegalArgumentException("class " + y + " out of range [0, " + classCount() + ") for prior " + name());
            }
        }
        return rows;
    }

    private static NDList run(ZooModel<NDList, NDList> model, NDList in) {
        try (Predictor<NDList, NDList> p = model.newPredictor()) {
            NDList out = p.predict(in);
            out.attach(in.head().getManager());
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed in prior " + model.getName() + ": " + e.getMessage(), e);
        }
    }

    private static float[][] rows(float[] flat, int n, int w) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * w, (i + 1) * w);
        }
        return out;
    }

    @Override
    public void close() {
        sampler.close();
        scorer.close();
    }
}

package io.dmzstream.model.serving;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

/**
 * A zoo model served through DJL's TensorFlow engine: one DJL model per SavedModel signature
 * (encode, denoise, classify). Thread-safe: every call uses its own predictor and NDManager, and a
 * TensorFlow session may be run from several threads at once.
 */
final class DjlDmzModel implements DmzModel {
    private final ModelInfo info;
    private final ZooModel<NDList, NDList> encoder;
    private final ZooModel<NDList, NDList> denoiser;
    private final ZooModel<NDList, NDList> classifier;

    DjlDmzModel(ModelInfo info, ZooModel<NDList, NDList> encoder, ZooModel<NDList, NDList> denoiser,
                ZooModel<NDList, NDList> classifier) {
        this.info = info;
        this.encoder = encoder;
        this.denoiser = denoiser;
        this.classifier = classifier;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public boolean hasLabelHead() {
        return classifier != null;
    }

    @Override
    public Codes encode(float[][] images) {
        requireBatch(images, info.pixels(), "image");
        try (NDManager m = encoder.getNDManager().newSubManager()) {
            NDArray x = m.create(flatten(images), new Shape(images.length, info.height(), info.width(), info.channels()));
            x.setName("image");
            NDList out = run(encoder, new NDList(x));
            return new Codes(rows(out.get("bits"), images.length), rows(out.get("probabilities"), images.length));
        }
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        if (classifier == null) {
            throw new UnsupportedOperationException(info.id() + " has no label head (no_label_head): it was trained on unlabelled images");
        }
        requireBatch(probabilities, info.bits(), "code");
        try (NDManager m = classifier.getNDManager().newSubManager()) {
            NDArray p = m.create(flatten(probabilities), new Shape(probabilities.length, info.bits()));
            p.setName("probabilities");
            return rows(run(classifier, new NDList(p)).get("classes"), probabilities.length);
        }
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        requireBatch(x, info.pixels(), "x");
        requireBatch(codes, info.bits(), "code");
        if (timesteps.length != x.length || codes.length != x.length) {
            throw new IllegalArgumentException("x, timesteps and codes must have the same batch size");
        }
        float[] t = new float[timesteps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = timesteps[i];
        }
        try (NDManager m = denoiser.getNDManager().newSubManager()) {
            NDArray xs = m.create(flatten(x), new Shape(x.length, info.height(), info.width(), info.channels()));
            xs.setName("x");
            NDArray ts = m.create(t, new Shape(t.length));
            ts.setName("t");
            NDArray zs = m.create(flatten(codes), new Shape(codes.length, info.bits()));
            zs.setName("z");
            // the engine orders signature inputs by name: t, x, z
            return rows(run(denoiser, new NDList(ts, xs, zs)).get("epsilon"), x.length);
        }
    }

    private static NDList run(ZooModel<NDList, NDList> model, NDList in) {
        try (Predictor<NDList, NDList> p = model.newPredictor()) {
            NDList out = p.predict(in);
            out.attach(in.head().getManager());
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed in " + model.getName() + ": " + e.getMessage(), e);
        }
    }

    private static void requireBatch(float[][] rows, int width, String what) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        for (float[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException(what + " has " + r.length + " values, expected " + width);
            }
        }
    }

    private static float[] flatten(float[][] rows) {
        int w = rows[0].length;
        float[] out = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * w, w);
        }
        return out;
    }

    private static float[][] rows(NDArray array, int n) {
        float[] flat = array.toFloatArray();
        int w = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * w, (i + 1) * w);
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
        denoiser.close();
        if (classifier != null) {
            classifier.close();
        }
    }
}

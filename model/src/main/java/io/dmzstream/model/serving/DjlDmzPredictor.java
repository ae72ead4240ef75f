package io.dmzstream.model.serving;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A {@link DmzPredictor} over a {@link DjlDmzModel}: one DJL {@link Predictor} per signature and
 * one NDManager, opened when the predictor is and closed with it. Inputs are staged in reused
 * native buffers and outputs read straight into their rows, so a call copies each value once on
 * the way in and once on the way out (besides the engine's own copies). Not thread-safe.
 */
final class DjlDmzPredictor implements DmzPredictor {
    private final ModelInfo info;
    private final NDManager manager;
    private final Predictor<NDList, NDList> encoder;
    private final Predictor<NDList, NDList> denoiser;
    private final Predictor<NDList, NDList> classifier;
    private final StagingBuffer images = new StagingBuffer();
    private final StagingBuffer times = new StagingBuffer();
    private final StagingBuffer codes = new StagingBuffer();

    DjlDmzPredictor(ModelInfo info, ZooModel<NDList, NDList> encoder, ZooModel<NDList, NDList> denoiser,
                    ZooModel<NDList, NDList> classifier) {
        this.info = info;
        this.manager = denoiser.getNDManager().newSubManager();
        Predictor<NDList, NDList> enc = null;
        Predictor<NDList, NDList> den = null;
        Predictor<NDList, NDList> cls = null;
        try {
            enc = encoder.newPredictor();
            den = denoiser.newPredictor();
            cls = classifier == null ? null : classifier.newPredictor();
        } catch (RuntimeException e) {
            close(enc, den, cls);
            manager.close();
            throw e;
        }
        this.encoder = enc;
        this.denoiser = den;
        this.classifier = cls;
    }

    @Override
    public Codes encode(float[][] images) {
        requireBatch(images, info.pixels(), "image");
        int n = images.length;
        try (NDList in = new NDList(input("image", this.images.rows(images), imageShape(n)));
             NDList out = run(encoder, in)) {
            return new Codes(rows(out.get("bits"), n), rows(out.get("probabilities"), n));
        }
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        if (classifier == null) {
            throw new UnsupportedOperationException(info.id() + " has no label head (no_label_head): it was trained on unlabelled images");
        }
        requireBatch(probabilities, info.bits(), "code");
        int n = probabilities.length;
        try (NDList in = new NDList(input("probabilities", codes.rows(probabilities), new Shape(n, info.bits())));
             NDList out = run(classifier, in)) {
            return rows(out.get("classes"), n);
        }
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] z) {
        requireBatch(x, info.pixels(), "x");
        requireBatch(z, info.bits(), "code");
        if (timesteps.length != x.length || z.length != x.length) {
            throw new IllegalArgumentException("x, timesteps and codes must have the same batch size");
        }
        int n = x.length;
        // the engine orders signature inputs by name: t, x, z
        try (NDList in = new NDList(input("t", times.values(timesteps), new Shape(n)),
                input("x", images.rows(x), imageShape(n)), input("z", codes.rows(z), new Shape(n, info.bits())));
             NDList out = run(denoiser, in)) {
            return rows(out.get("epsilon"), n);
        }
    }

    private NDArray input(String name, ByteBuffer staged, Shape shape) {
        NDArray a = manager.create(staged, shape, DataType.FLOAT32);
        a.setName(name);
        return a;
    }

    private Shape imageShape(int n) {
        return new Shape(n, info.height(), info.width(), info.channels());
    }

    private NDList run(Predictor<NDList, NDList> predictor, NDList in) {
        try {
            NDList out = predictor.predict(in);
            // outputs live in this predictor's manager until the caller has read them
            out.attach(manager);
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed in " + info.id() + ": " + e.getMessage(), e);
        }
    }

    /** Splits a [n, ...] output into n rows, copying each value once out of the engine's buffer. */
    private static float[][] rows(NDArray array, int n) {
        FloatBuffer flat = array.toByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        int w = flat.remaining() / n;
        float[][] out = new float[n][w];
        for (float[] row : out) {
            flat.get(row);
        }
        return out;
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

    @Override
    public void close() {
        close(encoder, denoiser, classifier);
        manager.close();
    }

    private static void close(Predictor<?, ?>... predictors) {
        for (Predictor<?, ?> p : predictors) {
            if (p != null) {
                p.close();
            }
        }
    }
}

package io.dmzstream.model.evaluation;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.train.MiniBatchLoop;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The evaluation's judge: a small CNN trained deterministically (fixed seed, fixed data order) on a
 * dataset's training split. Its predictions score label consistency of reconstructions; its
 * 128-d penultimate features are the space of our Frechet distance ("FID" in the report, which is
 * not Inception FID and not comparable with published numbers).
 */
public final class ReferenceClassifier implements AutoCloseable {
    public static final int FEATURES = 128;

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> features;
    private final Operand<TFloat32> probabilities;
    private final int height;
    private final int width;
    private final int channels;

    private ReferenceClassifier(Graph graph, Session session, Placeholder<TFloat32> images, Operand<TFloat32> features,
                                Operand<TFloat32> probabilities, int height, int width, int channels) {
        this.graph = graph;
        this.session = session;
        this.images = images;
        this.features = features;
        this.probabilities = probabilities;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** Trains for {@code steps} Adam steps of batch 128. */
    public static ReferenceClassifier train(Dataset train, int steps, long seed) {
        Graph graph = new Graph();
        Ops tf = Ops.create(graph);
        int h = train.height();
        int w = train.width();
        int c = train.channels();
        int classes = train.classNames().size();
        var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        Layers l = new Layers(tf, ParamStore.initialised(tf, seed));
        Operand<TFloat32> hdn = tf.nn.relu(l.conv("ref/c1", x, c, 32, 3, 2));
        hdn = tf.nn.relu(l.conv("ref/c2", hdn, 32, 64, 3, 2));
        int flat = ((h + 3) / 4) * ((w + 3) / 4) * 64;
        hdn = tf.reshape(hdn, tf.constant(new int[]{-1, flat}));
        Operand<TFloat32> feats = tf.nn.relu(l.dense("ref/fc", hdn, flat, FEATURES));
        Operand<TFloat32> logits = l.dense("ref/out", feats, FEATURES, classes);
        Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss(), tf.constant(0));
        Op step = new Adam(graph, 1e-3f).minimize(loss, "ref_adam");
        Session session = MiniBatchLoop.session(graph);
        int batch = 128;
        int px = h * w * c;
        float[] xb = new float[batch * px];
        float[] yb = new float[batch * classes];
        new MiniBatchLoop("reference classifier", train.size(), batch, seed, MiniBatchLoop.Budget.steps(steps)).quiet()
                .run(session, (indices, rng, s) -> {
                    java.util.Arrays.fill(yb, 0f);
                    for (int i = 0; i < batch; i++) {
                        train.copyImage(indices[i], xb, i * px);
                        yb[i * classes + train.label(indices[i])] = 1f;
                    }
                    try (TFloat32 tx = TFloat32.tensorOf(Shape.of(batch, h, w, c), DataBuffers.of(xb, true, false));
                         TFloat32 ty = TFloat32.tensorOf(Shape.of(batch, classes), DataBuffers.of(yb, true, false))) {
                        session.runner().feed(x, tx).feed(y, ty).addTarget(step).run().close();
                    }
                    return "";
                });
        return new ReferenceClassifier(graph, session, x, feats, tf.nn.softmax(logits), h, w, c);
    }

    public float[][] features(float[][] batch) {
        return run(batch, features);
    }

    public int[] predict(float[][] batch) {
        float[][] p = run(batch, probabilities);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    public double accuracy(Dataset test) {
        float[][] x = new float[test.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = test.image(i);
        }
        int[] p = predict(x);
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += p[i] == test.label(i) ? 1 : 0;
        }
        return (double) correct / p.length;
    }

    private float[][] run(float[][] batch, Operand<TFloat32> output) {
        int n = batch.length;
        int px = height * width * channels;
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += 1000) {
            int m = Math.min(1000, n - start);
            float[] flat = new float[m * px];
            for (int i = 0; i < m; i++) {
                System.arraycopy(batch[start + i], 0, flat, i * px, px);
            }
            try (TFloat32 tx = TFloat32.tensorOf(Shape.of(m, height, width, channels), DataBuffers.of(flat, true, false));
                 Result r = session.runner().feed(images, tx).fetch(output).run()) {
                TFloat32 o = (TFloat32) r.get(0);
                int w = (int) o.shape().get(1);
                float[] res = new float[m * w];
                o.copyTo(DataBuffers.of(res, false, false));
                for (int i = 0; i < m; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(res, i * w, (i + 1) * w);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}

package io.dmzstream.model.evaluation;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.Weights;
import io.dmzstream.model.train.MiniBatchLoop;
import java.util.Map;
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
 * The evaluation's judge: a small CNN trained with a fixed seed and data order on a
 * dataset's training split. Its predictions score label consistency of reconstructions; its
 * 128-d penultimate features are the space of our Frechet distance ("FID" in the report, which is
 * not Inception FID and not comparable with published numbers).
 */
public final class ReferenceClassifier implements AutoCloseable {
    public static final int FEATURES = 128;

    /** Names the network; part of the cache key, so a change to the network below must change it. */
    public static final String ARCHITECTURE = "conv3x3s2(32)-relu-conv3x3s2(64)-relu-dense(128)-relu-dense(classes); "
            + "Adam 1e-3, batch " + ReferenceClassifier.BATCH + ", softmax cross-entropy";
    static final int BATCH = 128;

    private final Graph graph;
    private final Session session;
    private final ParamStore params;
    private final Placeholder<TFloat32> images;
    private final Operand<TFloat32> features;
    private final Operand<TFloat32> probabilities;
    private final int height;
    private final int width;
    private final int channels;

    /** The inference half of the graph, shared by training and loading so both run the same network. */
    private record Network(Placeholder<TFloat32> images, Operand<TFloat32> features, Operand<TFloat32> logits) {
        static Network build(Ops tf, ParamStore params, int h, int w, int c, int classes) {
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
            Layers l = new Layers(tf, params);
            Operand<TFloat32> hdn = tf.nn.relu(l.conv("ref/c1", x, c, 32, 3, 2));
            hdn = tf.nn.relu(l.conv("ref/c2", hdn, 32, 64, 3, 2));
            int flat = ((h + 3) / 4) * ((w + 3) / 4) * 64;
            hdn = tf.reshape(hdn, tf.constant(new int[]{-1, flat}));
            Operand<TFloat32> feats = tf.nn.relu(l.dense("ref/fc", hdn, flat, FEATURES));
            return new Network(x, feats, l.dense("ref/out", feats, FEATURES, classes));
        }
    }

    private ReferenceClassifier(Graph graph, Session session, ParamStore params, Network net, Ops tf, int height, int width,
                                int channels) {
        this.graph = graph;
        this.session = session;
        this.params = params;
        this.images = net.images();
        this.features = net.features();
        this.probabilities = tf.nn.softmax(net.logits());
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /**
     * Trains for {@code steps} Adam steps of batch 128. Seeded, but multi-threaded float sums make two
     * trainings differ in the last bits, one reason {@link ReferenceClassifiers} caches the result.
     */
    public static ReferenceClassifier train(Dataset train, int steps, long seed) {
        Graph graph = new Graph();
        Ops tf = Ops.create(graph);
        int h = train.height();
        int w = train.width();
        int c = train.channels();
        int classes = train.classNames().size();
        ParamStore params = ParamStore.initialised(tf, seed);
        Network net = Network.build(tf, params, h, w, c, classes);
        var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(net.logits(), y).loss(), tf.constant(0));
        Op step = new Adam(graph, 1e-3f).minimize(loss, "ref_adam");
        Session session = MiniBatchLoop.session(graph);
        int px = h * w * c;
        float[] xb = new float[BATCH * px];
        float[] yb = new float[BATCH * classes];
        new MiniBatchLoop("reference classifier " + train.name(), train.size(), BATCH, seed, MiniBatchLoop.Budget.steps(steps))
                .run(session, (indices, rng, s) -> {
                    java.util.Arrays.fill(yb, 0f);
                    for (int i = 0; i < BATCH; i++) {
                        train.copyImage(indices[i], xb, i * px);
                        yb[i * classes + train.label(indices[i])] = 1f;
                    }
                    try (TFloat32 tx = TFloat32.tensorOf(Shape.of(BATCH, h, w, c), DataBuffers.of(xb, true, false));
                         TFloat32 ty = TFloat32.tensorOf(Shape.of(BATCH, classes), DataBuffers.of(yb, true, false))) {
                        session.runner().feed(net.images(), tx).feed(y, ty).addTarget(step).run().close();
                    }
                    return "";
                });
        return new ReferenceClassifier(graph, session, params, net, tf, h, w, c);
    }

    /** A classifier with the given trained weights (as {@link #weights()} returned them). */
    public static ReferenceClassifier of(int height, int width, int channels, int classes, Map<String, float[]> weights) {
        Graph graph = new Graph();
        Ops tf = Ops.create(graph);
        ParamStore params = ParamStore.uninitialised(tf);
        Network net = Network.build(tf, params, height, width, channels, classes);
        Session session = MiniBatchLoop.session(graph);
        try {
            Weights.assign(tf, session, params, weights);
        } catch (RuntimeException e) {
            session.close();
            graph.close();
            throw e;
        }
        return new ReferenceClassifier(graph, session, params, net, tf, height, width, channels);
    }

    /** The network's weights by name, in creation order. */
    public Map<String, float[]> weights() {
        return Weights.read(session, params.variables());
    }

    /** Shape of each weight, in the order of {@link #weights()}. */
    public Map<String, long[]> shapes() {
        return params.shapes();
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

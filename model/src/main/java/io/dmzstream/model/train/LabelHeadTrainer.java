package io.dmzstream.model.train;

import io.dmzstream.model.export.LabelHead;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.ParamStore;
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
 * Trains a label head on fixed code features: softmax regression ({@code hidden = 0}, also our
 * linear probe) or a one-hidden-layer ReLU MLP: the graph and loss here, Adam in {@link MiniBatchLoop}
 * with early stopping on a held-out part of the training features (the best epoch's weights are kept).
 */
public final class LabelHeadTrainer {
    /** A trained head and its accuracies. */
    public record Fit(LabelHead head, double validationAccuracy, double testAccuracy) {
    }

    private final int hidden;
    private final int classes;
    private final int epochs;
    private final float learningRate;
    private final long seed;

    public LabelHeadTrainer(int hidden, int classes, int epochs, float learningRate, long seed) {
        this.hidden = hidden;
        this.classes = classes;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    /** Fits on train features (the last 10% held out for early stopping) and scores on test features. */
    public Fit fit(float[][] train, int[] trainLabels, float[][] test, int[] testLabels) {
        int d = train[0].length;
        int nVal = Math.max(1, train.length / 10);
        int nFit = train.length - nVal;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
            var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
            ParamStore params = ParamStore.initialised(tf, seed);
            Layers layers = new Layers(tf, params);
            Operand<TFloat32> logits;
            if (hidden == 0) {
                logits = layers.dense("out", x, d, classes, ParamStore.Init.ZEROS);
            } else {
                Operand<TFloat32> h = tf.nn.relu(layers.dense("fc", x, d, hidden));
                logits = layers.dense("out", h, hidden, classes);
            }
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss(), tf.constant(0));
            Op optimise = new Adam(graph, learningRate).minimize(loss, "head_adam");
            Operand<TFloat32> probs = tf.nn.softmax(logits);
            try (Session s = MiniBatchLoop.session(graph)) {
                var outcome = new MiniBatchLoop("label head", nFit, 256, seed, MiniBatchLoop.Budget.epochs(epochs, 4))
                        .quiet()
                        .earlyStopping(() -> accuracy(s, x, probs, train, trainLabels, nFit, train.length),
                                () -> MiniBatchLoop.read(s, params.variables()), graph, params.variables())
                        .run(s, (indices, rng, step) -> {
                            int n = indices.length;
                            float[] xb = new float[n * d];
                            float[] yb = new float[n * classes];
                            for (int i = 0; i < n; i++) {
                                System.arraycopy(train[indices[i]], 0, xb, i * d, d);
                                yb[i * classes + trainLabels[indices[i]]] = 1f;
                            }
                            try (TFloat32 tx = DmzTrainer.tensor(xb, n, d); TFloat32 ty = DmzTrainer.tensor(yb, n, classes)) {
                                s.runner().feed(x, tx).feed(y, ty).addTarget(optimise).run().close();
                            }
                            return "";
                        });
                double testAcc = accuracy(s, x, probs, test, testLabels, 0, test.length);
                return new Fit(toHead(outcome.best(), d), outcome.bestScore(), testAcc);
            }
        }
    }

    private LabelHead toHead(Map<String, float[]> w, int d) {
        return hidden == 0
                ? new LabelHead(d, 0, classes, w.get("out/w"), w.get("out/b"), null, null)
                : new LabelHead(d, hidden, classes, w.get("fc/w"), w.get("fc/b"), w.get("out/w"), w.get("out/b"));
    }

    private double accuracy(Session s, Placeholder<TFloat32> x, Operand<TFloat32> probs, float[][] features,
                            int[] labels, int from, int to) {
        int d = features[0].length;
        int n = to - from;
        float[] xb = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features[from + i], 0, xb, i * d, d);
        }
        float[] p = new float[n * classes];
        try (TFloat32 tx = DmzTrainer.tensor(xb, n, d); Result r = s.runner().feed(x, tx).fetch(probs).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(p, false, false));
        }
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i * classes + c] > p[i * classes + arg]) {
                    arg = c;
                }
            }
            if (arg == labels[from + i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

}

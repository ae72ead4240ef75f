package io.dmzstream.model.bridge;

import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.train.MiniBatchLoop;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Fits the bridge on paired codes (source image i -> target image i) with binary cross-entropy on
 * the target's hard bits: the graph and loss here, Adam in {@link MiniBatchLoop} with early stopping
 * on held-out bit accuracy (the best epoch is kept).
 */
public final class BridgeTrainer {
    /** Trained weights (running batch-norm statistics included) and the held-out bit accuracy. */
    public record Fit(Map<String, float[]> weights, double heldOutBitAccuracy, int epochs) {
    }

    private final int maxEpochs;
    private final float learningRate;
    private final long seed;

    public BridgeTrainer(int maxEpochs, float learningRate, long seed) {
        this.maxEpochs = maxEpochs;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    public Fit fit(float[][] source, float[][] targetBits, float[][] heldSource, float[][] heldTarget) {
        int ds = source[0].length;
        int dt = targetBits[0].length;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, ds)));
            var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dt)));
            ParamStore params = ParamStore.initialised(tf, seed);
            BridgeNetwork net = new BridgeNetwork(tf, params, true);
            Operand<TFloat32> logits = net.logits(x, ds, dt);
            // binary cross-entropy with logits: softplus(l) - l * y
            Operand<TFloat32> bce = tf.math.mean(tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, y)),
                    tf.constant(new int[]{0, 1}));
            Op optimise = new Adam(graph, learningRate).minimize(bce, "bridge_adam");
            try (Session session = MiniBatchLoop.session(graph)) {
                int batch = 256;
                // a snapshot is the weights plus the population batch-norm statistics the inference graph needs
                Map<String, float[]>[] current = new Map[1];
                var outcome = new MiniBatchLoop("train bridge", source.length, batch, seed, MiniBatchLoop.Budget.epochs(maxEpochs, 5))
                        .dropLast(true)
                        .earlyStopping(() -> {
                            Map<String, float[]> weights = MiniBatchLoop.read(session, params.variables());
                            weights.putAll(populationStatistics(session, x, net, source));
                            current[0] = weights;
                            try (BridgeGraph eval = new BridgeGraph(ds, dt, weights)) {
                                return bitAccuracy(eval.translate(heldSource), heldTarget);
                            }
                        }, () -> current[0], graph, null)
                        .run(session, (indices, rng, step) -> {
                            int n = indices.length;
                            float[] xb = new float[n * ds];
                            float[] yb = new float[n * dt];
                            for (int i = 0; i < n; i++) {
                                System.arraycopy(source[indices[i]], 0, xb, i * ds, ds);
                                System.arraycopy(targetBits[indices[i]], 0, yb, i * dt, dt);
                            }
                            try (TFloat32 tx = TFloat32.tensorOf(Shape.of(n, ds), DataBuffers.of(xb, true, false));
                                 TFloat32 ty = TFloat32.tensorOf(Shape.of(n, dt), DataBuffers.of(yb, true, false))) {
                                session.runner().feed(x, tx).feed(y, ty).addTarget(optimise).run().close();
                            }
                            return "";
                        });
                return new Fit(outcome.best(), outcome.bestScore(), outcome.bestEpoch());
            }
        }
    }

    public static double bitAccuracy(float[][] predictedProbabilities, float[][] targetBits) {
        long same = 0;
        long total = 0;
        for (int i = 0; i < predictedProbabilities.length; i++) {
            for (int k = 0; k < targetBits[i].length; k++) {
                same += BitThreshold.isSet(predictedProbabilities[i][k]) == BitThreshold.isSet(targetBits[i][k]) ? 1 : 0;
                total++;
            }
        }
        return (double) same / total;
    }

    /**
     * Batch-norm statistics over the whole training set for inference, averaged over batches of the
     * training size. Exact and free of momentum tuning, unlike running averages.
     */
    private static Map<String, float[]> populationStatistics(Session s, Placeholder<TFloat32> x, BridgeNetwork net,
                                                             float[][] source) {
        int ds = source[0].length;
        int batch = 256;
        List<BridgeNetwork.BatchStats> stats = net.batchStats();
        Map<String, float[]> sums = new LinkedHashMap<>();
        int batches = 0;
        for (int start = 0; start + batch <= Math.max(batch, source.length); start += batch) {
            int n = Math.min(batch, source.length - start);
            float[] xb = new float[n * ds];
            for (int i = 0; i < n; i++) {
                System.arraycopy(source[start + i], 0, xb, i * ds, ds);
            }
            try (TFloat32 tx = TFloat32.tensorOf(Shape.of(n, ds), DataBuffers.of(xb, true, false))) {
                var runner = s.runner().feed(x, tx);
                for (var st : stats) {
                    runner.fetch(st.mean()).fetch(st.variance());
                }
                try (Result r = runner.run()) {
                    for (int i = 0; i < stats.size(); i++) {
                        accumulate(sums, stats.get(i).name() + "/moving_mean", (TFloat32) r.get(2 * i));
                        accumulate(sums, stats.get(i).name() + "/moving_var", (TFloat32) r.get(2 * i + 1));
                    }
                }
            }
            batches++;
        }
        for (float[] v : sums.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= batches;
            }
        }
        return sums;
    }

    private static void accumulate(Map<String, float[]> sums, String key, TFloat32 t) {
        float[] v = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(v, false, false));
        float[] acc = sums.computeIfAbsent(key, k -> new float[v.length]);
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

}

package io.dmzstream.model.train;

import io.dmzstream.model.network.Weights;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The one mini-batch training loop of the project. A trainer supplies its graph and a
 * {@link BatchStep} (feed a batch, run its optimiser, report figures); the loop owns the rest:
 * session configuration, batching and shuffling, the step or epoch budget, a wall-clock deadline,
 * checkpoints with resume, early stopping on a validation score with best-weights restore, and the
 * progress bar.
 *
 * <p>Two ways to draw batches:
 * <ul>
 *   <li>{@link Budget#steps}: every step draws its batch independently (with replacement) from a
 *       random generator seeded by (seed, step) only, so a run resumed from a checkpoint at step s
 *       continues exactly the stream it would have had (the autoencoder, the reference classifier);</li>
 *   <li>{@link Budget#epochs}: each epoch visits a fresh seeded permutation of the examples, then
 *       the validation score is taken; training stops after {@code patience} epochs without
 *       improvement and the best epoch's weights are restored (label heads, the code bridge).</li>
 * </ul>
 */
public final class MiniBatchLoop {
    private static final Logger LOG = LoggerFactory.getLogger(MiniBatchLoop.class);

    /** Feeds one batch and runs one optimiser step; returns the figures for the progress bar (may be empty). */
    @FunctionalInterface
    public interface BatchStep {
        /**
         * @param indices examples of this batch
         * @param random  this step's generator (noise, augmentation), seeded by (seed, step) like the batch
         * @param step    global step, 0-based
         */
        String run(int[] indices, SplittableRandom random, int step);
    }

    /** How long to train. */
    public record Budget(int steps, int maxEpochs, int patience) {
        public static Budget steps(int steps) {
            return new Budget(steps, 0, 0);
        }

        /** At most {@code maxEpochs}; stop after {@code patience} epochs that do not beat the best validation score. */
        public static Budget epochs(int maxEpochs, int patience) {
            return new Budget(0, maxEpochs, patience);
        }

        boolean byEpoch() {
            return maxEpochs > 0;
        }
    }

    /** What a run reached. For epoch budgets {@code best} holds the best epoch's weights (already restored). */
    public record Outcome(int steps, int epochs, int bestEpoch, double bestScore, Map<String, float[]> best,
                          boolean stoppedByDeadline, double seconds) {
    }

    private final String label;
    private final int examples;
    private final int batchSize;
    private final long seed;
    private final Budget budget;
    private boolean dropLast;
    private double maxMinutes;
    private Checkpoint checkpoint;
    private int checkpointEvery;
    private Runnable onFreshStart = () -> { };
    private java.util.function.DoubleSupplier validation;
    private Supplier<Map<String, float[]>> snapshot;
    private Map<String, Variable<TFloat32>> restoreInto;
    private Graph graph;
    private boolean showProgress = true;

    /**
     * @param label     progress-bar label
     * @param examples  number of training examples batches are drawn from
     * @param batchSize examples per step
     * @param seed      seed of the batch order (and of each step's generator)
     * @param budget    steps or epochs
     */
    public MiniBatchLoop(String label, int examples, int batchSize, long seed, Budget budget) {
        if (examples < 1) {
            throw new IllegalArgumentException(label + ": no training examples");
        }
        this.label = label;
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.budget = budget;
    }

    /** The session settings every trainer uses: one inter-op thread, every core for the ops themselves. */
    public static ConfigProto sessionConfig() {
        return ConfigProto.newBuilder()
                .setInterOpParallelismThreads(1)
                .setIntraOpParallelismThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
                .build();
    }

    public static Session session(Graph graph) {
        return new Session(graph, false, sessionConfig());
    }

    /** Epoch budgets only: skip a final batch smaller than the batch size. */
    public MiniBatchLoop dropLast(boolean drop) {
        this.dropLast = drop;
        return this;
    }

    /** Stop (and say so) after this many minutes; 0 = no limit. */
    public MiniBatchLoop maxMinutes(double minutes) {
        this.maxMinutes = minutes;
        return this;
    }

    /** Resume from and save to {@code checkpoint} every {@code every} steps (step budgets). */
    public MiniBatchLoop checkpoints(Checkpoint checkpoint, int every) {
        this.checkpoint = checkpoint;
        this.checkpointEvery = every;
        return this;
    }

    /** Runs once after initialising the variables of a run that did not resume (e.g. copy weights to their EMA). */
    public MiniBatchLoop onFreshStart(Runnable action) {
        this.onFreshStart = action;
        return this;
    }

    /**
     * Epoch budgets: after each epoch take {@code score} (higher is better) and, when it is the best so
     * far, {@code snapshot} the weights; at the end the best snapshot is assigned back to
     * {@code variables} (when given) of {@code graph}.
     */
    public MiniBatchLoop earlyStopping(java.util.function.DoubleSupplier score, Supplier<Map<String, float[]>> snapshot,
                                       Graph graph, Map<String, Variable<TFloat32>> variables) {
        this.validation = score;
        this.snapshot = snapshot;
        this.graph = graph;
        this.restoreInto = variables;
        return this;
    }

    public MiniBatchLoop quiet() {
        this.showProgress = false;
        return this;
    }

    public Outcome run(Session session, BatchStep step) {
        long start = System.nanoTime();
        long deadline = maxMinutes > 0 ? start + (long) (maxMinutes * 60e9) : Long.MAX_VALUE;
        int done = 0;
        if (checkpoint != null && checkpoint.lastStep().isPresent()) {
            done = checkpoint.lastStep().get();
            checkpoint.restore(session, done);
            LOG.info("{}: resumed from checkpoint at step {}", label, done);
        } else {
            session.initialize();
            onFreshStart.run();
        }
        return budget.byEpoch() ? runEpochs(session, step, start, deadline) : runSteps(session, step, done, start, deadline);
    }

    private Outcome runSteps(Session session, BatchStep step, int done, long start, long deadline) {
        ProgressBar bar = showProgress ? new ProgressBar(label, budget.steps(), done) : null;
        int[] indices = new int[batchSize];
        String figures = "";
        boolean stopped = false;
        while (done < budget.steps()) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: time budget of {} min reached at step {}/{}; stopping with what we have", label, maxMinutes,
                        done, budget.steps());
                stopped = true;
                break;
            }
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + done);
            for (int i = 0; i < batchSize; i++) {
                indices[i] = rng.nextInt(examples);
            }
            figures = step.run(indices, rng, done);
            done++;
            if (checkpoint != null && done % checkpointEvery == 0 && done < budget.steps()) {
                checkpoint.save(session, done);
            }
            if (bar != null) {
                bar.update(done, figures);
            }
        }
        if (checkpoint != null) {
            checkpoint.save(session, done);
        }
        if (bar != null) {
            bar.finish(done, figures);
        }
        return new Outcome(done, 0, 0, Double.NaN, null, stopped, (System.nanoTime() - start) / 1e9);
    }

    private Outcome runEpochs(Session session, BatchStep step, long start, long deadline) {
        if (validation == null) {
            throw new IllegalStateException(label + ": an epoch budget needs earlyStopping(...)");
        }
        ProgressBar bar = showProgress ? new ProgressBar(label, budget.maxEpochs(), 0) : null;
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        SplittableRandom shuffle = new SplittableRandom(seed);
        double best = Double.NEGATIVE_INFINITY;
        Map<String, float[]> bestWeights = null;
        int bestEpoch = 0;
        int steps = 0;
        int epoch = 0;
        boolean stopped = false;
        // the first epoch always improves on -infinity, so "epochs since the best" counts from a real score
        while (epoch < budget.maxEpochs() && epoch - bestEpoch < budget.patience()) {
            if (System.nanoTime() > deadline) {
                stopped = true;
                break;
            }
            epoch++;
            for (int i = examples - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int s = 0; s < examples; s += batchSize) {
                int n = Math.min(batchSize, examples - s);
                if (n < batchSize && dropLast && s > 0) {
                    break;
                }
                int[] idx = java.util.Arrays.copyOfRange(order, s, s + n);
                step.run(idx, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + steps), steps);
                steps++;
            }
            double score = validation.getAsDouble();
            if (score > best) {
                best = score;
                bestWeights = snapshot.get();
                bestEpoch = epoch;
            }
            if (bar != null) {
                bar.update(epoch, String.format("validation %.4f (best %.4f @ %d)", score, best, bestEpoch));
            }
        }
        if (bar != null) {
            bar.finish(epoch, String.format("best validation %.4f at epoch %d", best, bestEpoch));
        }
        if (restoreInto != null && bestWeights != null) {
            assign(session, restoreInto, bestWeights);
        }
        return new Outcome(steps, epoch, bestEpoch, best, bestWeights, stopped, (System.nanoTime() - start) / 1e9);
    }

    /** Assigns {@code values} to {@code variables} (e.g. the best epoch's weights back into the session). */
    private void assign(Session session, Map<String, Variable<TFloat32>> variables, Map<String, float[]> values) {
        Ops tf = Ops.create(graph);
        for (var e : variables.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                continue;
            }
            Shape shape = e.getValue().shape();
            try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(v, true, false))) {
                var feed = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                session.runner().feed(feed, t).addTarget(tf.assign(e.getValue(), feed)).run().close();
            }
        }
    }

    /** The current values of {@code variables}, for snapshots. */
    public static Map<String, float[]> read(Session session, Map<String, Variable<TFloat32>> variables) {
        return Weights.read(session, variables);
    }
}

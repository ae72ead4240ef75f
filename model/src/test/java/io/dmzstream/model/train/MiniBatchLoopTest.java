package io.dmzstream.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The shared loop: epoch order, early stopping with best-weights restore, step streams that survive a resume. */
class MiniBatchLoopTest {
    @TempDir
    Path work;

    private static float value(Session s, Variable<TFloat32> v) {
        try (Result r = s.runner().fetch(v).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    @Test
    void epochsVisitEveryExampleOnceAndEarlyStoppingRestoresTheBestEpoch() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> w = tf.withName("w").variable(tf.constant(0f));
            var add = tf.assignAdd(w, tf.constant(1f));
            try (Session s = MiniBatchLoop.session(g)) {
                List<Set<Integer>> seenPerEpoch = new ArrayList<>();
                // scores by epoch: best at epoch 2, then patience 3 more epochs and stop (5 epochs of at most 10)
                double[] scores = {0.1, 0.9, 0.5, 0.8, 0.2, 0.95};
                int[] epoch = {0};
                var outcome = new MiniBatchLoop("t", 10, 4, 1, MiniBatchLoop.Budget.epochs(10, 3)).quiet()
                        .earlyStopping(() -> {
                            seenPerEpoch.add(new HashSet<>());
                            return scores[epoch[0]++];
                        }, () -> Map.of("w", new float[]{value(s, w)}), g, Map.of("w", w))
                        .run(s, (indices, rng, step) -> {
                            s.runner().addTarget(add).run().close();
                            return "";
                        });
                assertEquals(5, outcome.epochs());
                assertEquals(2, outcome.bestEpoch());
                assertEquals(0.9, outcome.bestScore());
                assertEquals(15, outcome.steps(), "10 examples in batches of 4: 3 steps per epoch (last one partial)");
                assertEquals(6f, value(s, w), "the weights after epoch 2 are restored, not the last epoch's 15");
            }
        }
    }

    @Test
    void stepBatchesDependOnlyOnSeedAndStepSoAResumeContinuesTheSameStream() {
        List<String> straight = batches(6, work.resolve("a"), 6);
        List<String> firstHalf = batches(3, work.resolve("b"), 6);
        List<String> resumed = batches(6, work.resolve("b"), 6);
        assertEquals(3, firstHalf.size());
        assertEquals(3, resumed.size(), "the resumed run trains only steps 3..5");
        List<String> joined = new ArrayList<>(firstHalf);
        joined.addAll(resumed);
        assertEquals(straight, joined);
        assertNotEquals(straight.get(0), straight.get(1));
    }

    private static List<String> batches(int steps, Path dir, int total) {
        List<String> out = new ArrayList<>();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            tf.withName("v").variable(tf.constant(0f));
            try (Session s = MiniBatchLoop.session(g)) {
                new MiniBatchLoop("t", 1000, 5, 42, MiniBatchLoop.Budget.steps(steps)).quiet()
                        .checkpoints(new Checkpoint(dir, "test"), 100)
                        .run(s, (indices, rng, step) -> {
                            out.add(step + ":" + java.util.Arrays.toString(indices) + ":" + rng.nextInt(1000));
                            return "";
                        });
            }
        }
        assertTrue(total >= steps);
        return out;
    }
}

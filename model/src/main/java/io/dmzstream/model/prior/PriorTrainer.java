package io.dmzstream.model.prior;

import io.dmzstream.model.network.Weights;
import io.dmzstream.model.train.MiniBatchLoop;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Fits a {@link PriorObjective} in the project's one training loop ({@link MiniBatchLoop}, epoch
 * budget): shuffled mini-batches, one validation pass per epoch, early stopping on the validation
 * NLL with the best epoch's weights kept. Seeded: the same codes, configuration and seed give the
 * same weights.
 */
public final class PriorTrainer {
    /** Trained weights and how the fit went. */
    public record Fit(Map<String, float[]> weights, double validationNllBits, int bestEpoch, int epochs, long steps) {
    }

    private final MadeConfig config;
    private final int maxEpochs;
    private final int batch;
    private final float learningRate;
    private final int patience;
    private final long seed;

    public PriorTrainer(MadeConfig config, int maxEpochs, int batch, float learningRate, int patience, long seed) {
        if (maxEpochs < 1 || batch < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs, batch and patience must be positive");
        }
        this.config = config;
        this.maxEpochs = maxEpochs;
        this.batch = batch;
        this.learningRate = learningRate;
        this.patience = patience;
        this.seed = seed;
    }

    public Fit fit(LabelledCodes train, LabelledCodes validation) {
        if (train.bitsPerCode() != config.bits()) {
            throw new IllegalArgumentException("codes have " + train.bitsPerCode() + " bits, prior expects " + config.bits());
        }
        try (Graph graph = new Graph()) {
            PriorObjective objective = new PriorObjective(graph, config, learningRate, seed);
            try (Session session = MiniBatchLoop.session(graph)) {
                // the loop maximises its score: the negated validation NLL in bits
                MiniBatchLoop.Outcome outcome = new MiniBatchLoop("train prior", train.size(), batch, seed,
                        MiniBatchLoop.Budget.epochs(maxEpochs, patience))
                        .dropLast(true)
                        .earlyStopping(() -> -meanNll(session, objective, validation),
                                () -> Weights.read(session, objective.weights()), graph, null)
                        .run(session, (indices, rng, step) -> {
                            step(session, objective, train.batch(indices, 0, indices.length, config.classes()));
                            return "";
                        });
                return new Fit(outcome.best(), -outcome.bestScore(), outcome.bestEpoch(), outcome.epochs(), outcome.steps());
            }
        }
    }

    private static double step(Session session, PriorObjective o, LabelledCodes.Batch b) {
        try (TFloat32 bits = tensor(b.bits(), b.size(), b.bits().length / b.size());
             TFloat32 classes = tensor(b.classes(), b.size(), b.classes().length / b.size());
             Result r = session.runner().feed(o.bits, bits).feed(o.classes, classes).addTarget(o.trainStep).fetch(o.loss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** Mean -log2 p(code | class) over a set of codes, in chunks. */
    private double meanNll(Session session, PriorObjective o, LabelledCodes codes) {
        double sum = 0;
        int chunk = 4096;
        for (int s = 0; s < codes.size(); s += chunk) {
            int size = Math.min(chunk, codes.size() - s);
            LabelledCodes.Batch b = codes.batch(null, s, size, config.classes());
            try (TFloat32 bits = tensor(b.bits(), size, config.bits());
                 TFloat32 classes = tensor(b.classes(), size, config.classes());
                 Result r = session.runner().feed(o.bits, bits).feed(o.classes, classes).fetch(o.nll).run()) {
                float[] nll = new float[size];
                ((TFloat32) r.get(0)).copyTo(DataBuffers.of(nll, false, false));
                for (float v : nll) {
                    sum += v;
                }
            }
        }
        return sum / codes.size();
    }

    private static TFloat32 tensor(float[] values, long rows, long cols) {
        return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(values, true, false));
    }
}

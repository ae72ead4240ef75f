package io.dmzstream.model.train;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.schedule.NoiseSchedule;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Trains the DMZ autoencoder (encoder + denoiser) on one dataset and returns the EMA weights: the
 * graph and its loss are in {@link TrainingGraph}, the batch feeding here, and everything else
 * (resume, checkpoints, budget, progress) in {@link MiniBatchLoop}.
 */
public final class DmzTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DmzTrainer.class);

    /** What a finished (or budget-stopped) run produced; {@code lastClassLoss} is NaN without the class term. */
    public record Outcome(Map<String, float[]> emaWeights, int stepsTrained, double lastMse, double lastBalance,
                          double lastBitEntropy, double lastClassLoss, double seconds, long parameters) {
    }

    private final TrainConfig config;

    public DmzTrainer(TrainConfig config) {
        this.config = config;
    }

    public Outcome train(Dataset data) {
        NoiseSchedule schedule = NoiseSchedule.cosine(config.timesteps());
        int b = config.batchSize();
        int h = config.network().height();
        int w = config.network().width();
        int c = config.network().channels();
        int d = config.network().bits();
        int px = config.network().pixels();
        if (data.pixelsPerImage() != px) {
            throw new IllegalArgumentException("images are " + data.describeImage() + " but the network takes "
                    + config.network().describeImage());
        }
        try (Graph graph = new Graph()) {
            boolean classTerm = config.labelWeight() != 0;
            if (classTerm && !data.labelled()) {
                throw new IllegalArgumentException("--label-weight needs labelled images (class subfolders); "
                        + config.dataset() + " has none");
            }
            int classCount = classTerm ? data.classNames().size() : 0;
            TrainingGraph g = new TrainingGraph(graph, config, classCount);
            try (Session session = MiniBatchLoop.session(graph)) {
                LOG.info("training {} on {} ({} images, {}): {} parameters, {} bits, {} steps, batch {}",
                        config.name(), config.dataset(), data.size(), data.describeImage(), g.parameterCount, d,
                        config.steps(), b);
                EmaWarmup ema = new EmaWarmup(config.emaDecay());
                float[] images = new float[b * px];
                float[] t = new float[b];
                float[] sab = new float[b];
                float[] s1mab = new float[b];
                float[] eps = new float[b * px];
                float[] xi = new float[b * px];
                float[] gumbel = new float[b * d];
                float[] oneHot = new float[b * Math.max(1, classCount)];
                // mse, balance, smoothed mse, bit entropy, class cross-entropy
                double[] last = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
                String fingerprint = TrainingFingerprint.of(config);
                MiniBatchLoop loop = new MiniBatchLoop("train " + config.name(), data.size(), b, config.seed(),
                        MiniBatchLoop.Budget.steps(config.steps()))
                        .maxMinutes(config.maxMinutes())
                        .checkpoints(new Checkpoint(config.workDir(), fingerprint), config.checkpointEvery())
                        .onFreshStart(() -> session.run(g.emaReset));
                MiniBatchLoop.Outcome outcome = loop.run(session, (indices, rng, step) -> {
                    for (int i = 0; i < b; i++) {
                        data.copyImage(indices[i], images, i * px);
                        if (classTerm) {
                            java.util.Arrays.fill(oneHot, i * classCount, (i + 1) * classCount, 0f);
                            oneHot[i * classCount + data.label(indices[i])] = 1f;
                        }
                        int ti = rng.nextInt(config.timesteps());
                        t[i] = ti;
                        sab[i] = (float) Math.sqrt(schedule.alphaBar(ti));
                        s1mab[i] = (float) Math.sqrt(1.0 - schedule.alphaBar(ti));
                    }
                    for (int i = 0; i < eps.length; i++) {
                        eps[i] = (float) rng.nextGaussian();
                        xi[i] = (float) rng.nextGaussian();
                    }
                    for (int i = 0; i < gumbel.length; i++) {
                        double u = Math.min(Math.max(rng.nextDouble(), 1e-7), 1 - 1e-7);
                        gumbel[i] = (float) (Math.log(u) - Math.log1p(-u));   // logistic noise
                    }
                    try (TFloat32 tImages = tensor(images, b, h, w, c);
                         TFloat32 tT = tensor(t, b);
                         TFloat32 tSab = tensor(sab, b, 1, 1, 1);
                         TFloat32 tS1mab = tensor(s1mab, b, 1, 1, 1);
                         TFloat32 tEps = tensor(eps, b, h, w, c);
                         TFloat32 tXi = tensor(xi, b, h, w, c);
                         TFloat32 tGumbel = tensor(gumbel, b, d);
                         TFloat32 tDecay = TFloat32.scalarOf(ema.decayAt(step));
                         TFloat32 tClasses = classTerm ? tensor(oneHot, b, classCount) : null) {
                        var runner = session.runner()
                                .feed(g.images, tImages).feed(g.timesteps, tT).feed(g.sqrtAlphaBar, tSab)
                                .feed(g.sqrtOneMinusAlphaBar, tS1mab).feed(g.noise, tEps).feed(g.perturbation, tXi)
                                .feed(g.logisticNoise, tGumbel).feed(g.emaDecay, tDecay)
                                .fetch(g.mse).fetch(g.balance).fetch(g.entropy);
                        if (classTerm) {
                            runner.feed(g.classes, tClasses).fetch(g.classLoss);
                        }
                        try (Result r = runner.addTarget(g.emaUpdate).run()) {
                            last[0] = ((TFloat32) r.get(0)).getFloat();
                            last[1] = ((TFloat32) r.get(1)).getFloat();
                            last[3] = ((TFloat32) r.get(2)).getFloat() / Math.log(2);
                            last[4] = classTerm ? ((TFloat32) r.get(3)).getFloat() : Double.NaN;
                        }
                    }
                    if (!Double.isFinite(last[0])) {
                        throw new IllegalStateException("loss became " + last[0] + " at step " + step + "; lower the learning rate");
                    }
                    last[2] = Double.isNaN(last[2]) ? last[0] : 0.98 * last[2] + 0.02 * last[0];
                    // bit entropy near 1 for long is the collapse the confidence term exists for: bits that say nothing
                    String figures = String.format("mse %.4f balance %.4f bit entropy %.2f", last[2], last[1], last[3]);
                    return classTerm ? figures + String.format(" class CE %.3f", last[4]) : figures;
                });
                Map<String, float[]> averaged = io.dmzstream.model.network.Weights.read(session, g.emaWeights);
                LastFigures figures = new LastFigures(fingerprint, outcome.steps(), last[2], last[1], last[3], last[4]);
                if (Double.isNaN(figures.mse())) {
                    // resumed at its final step: nothing trained in this session, the figures are the run's last
                    figures = LastFigures.read(config.workDir(), fingerprint, outcome.steps()).orElse(figures);
                } else {
                    figures.write(config.workDir());
                }
                return new Outcome(averaged, outcome.steps(), figures.mse(), figures.balance(), figures.bitEntropy(),
                        figures.classLoss(), outcome.seconds(), g.parameterCount);
            }
        }
    }

    static TFloat32 tensor(float[] values, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }
}

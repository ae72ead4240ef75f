package io.dmzstream.model.train;

import io.dmzstream.model.network.Encoder;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.UNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The DMZ training step as a TensorFlow graph.
 *
 * <p>All randomness (timesteps, Gaussian noise, the logistic noise of the Gumbel relaxation) is fed
 * from Java, so a seed fixes a run and the graph itself holds no random ops.
 *
 * <p>Loss = epsilon-MSE + balance * mean_k KL(Bernoulli(mean_batch p_k) || Bernoulli(0.5)). The
 * balance term is our addition to the paper's recipe: without it the code collapsed in our
 * prototype (every image the same code). The paper's learned-variance term is dropped on CPU.
 *
 * <p>The balance term alone is also met by a code that says nothing: p = 1/2 for every bit of every
 * image, the collapse our first MNIST-M model fell into. The optional confidence term,
 * + confidence * mean_{i,k} (H(Bernoulli(p_ik)) - target)^2, rules that out: together the two
 * terms push up the mutual information H(mean p) - mean H(p) between image and code (the objective of
 * IMSAT-style discrete representation learning), while the epsilon-MSE decides what the bits mean.
 *
 * <p>The epsilon-MSE spends the bits on whatever explains most pixel variance. On MNIST-M that is the
 * background photograph, not the digit: an unsupervised code of 64 bits named the photo crop and
 * carried the digit at chance. The optional class term, + label * CE(softmax(W z_soft + b), y),
 * a linear classifier on the soft code trained with it, makes the class take bits first. The
 * classifier is a training aid only; the exported label head is fitted afterwards on the served codes.
 */
public final class TrainingGraph {
    /** Per-image bit entropy (bits) the confidence term steers towards: p about 0.11 or 0.89. */
    static final double CONFIDENCE_TARGET_BITS = 0.5;

    final Placeholder<TFloat32> images;
    final Placeholder<TFloat32> timesteps;
    final Placeholder<TFloat32> sqrtAlphaBar;
    final Placeholder<TFloat32> sqrtOneMinusAlphaBar;
    final Placeholder<TFloat32> noise;
    final Placeholder<TFloat32> perturbation;
    final Placeholder<TFloat32> logisticNoise;
    /** One-hot classes of the batch; fed only when the class term is on. */
    final Placeholder<TFloat32> classes;
    /** Decay of this step's EMA update, fed from {@link EmaWarmup}. */
    final Placeholder<TFloat32> emaDecay;
    final Operand<TFloat32> mse;
    final Operand<TFloat32> balance;
    /** Mean per-image bit entropy in nats (ln 2 = no information, 0 = certain). */
    final Operand<TFloat32> entropy;
    /** Cross-entropy of the class term (nats), or null when it is off. */
    final Operand<TFloat32> classLoss;
    final Operand<TFloat32> loss;
    final Op trainStep;
    final Op emaUpdate;
    final Op emaReset;
    final Map<String, Variable<TFloat32>> weights;
    final Map<String, Variable<TFloat32>> emaWeights;
    final long parameterCount;

    /** A graph without the class term (unlabelled data or {@code labelWeight} 0). */
    public TrainingGraph(Graph graph, TrainConfig config) {
        this(graph, config, 0);
    }

    /** @param classCount number of classes of the data; must be positive when the config's label weight is */
    public TrainingGraph(Graph graph, TrainConfig config, int classCount) {
        Ops tf = Ops.create(graph);
        var net = config.network();
        int h = net.height();
        int w = net.width();
        int c = net.channels();
        int d = net.bits();
        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        timesteps = tf.withName("t").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        sqrtAlphaBar = tf.withName("sqrt_ab").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1, 1, 1)));
        sqrtOneMinusAlphaBar = tf.withName("sqrt_1mab").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1, 1, 1)));
        noise = tf.withName("eps").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        perturbation = tf.withName("xi").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        logisticNoise = tf.withName("gumbel").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
        emaDecay = tf.withName("ema_decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        ParamStore params = ParamStore.initialised(tf, config.seed());
        Layers layers = new Layers(tf, params);
        Operand<TFloat32> logits = new Encoder(layers, net).logits(images);
        // binary concrete (2-class Gumbel-softmax) with tau = 1: a soft sample, gradients flow to the encoder
        Operand<TFloat32> soft = tf.math.sigmoid(tf.math.add(logits, logisticNoise));

        // forward process with DDPM-IP: the network sees eps + gamma * xi, the target stays eps
        Operand<TFloat32> perturbed = tf.math.add(noise, tf.math.mul(tf.constant(config.inputPerturbation()), perturbation));
        Operand<TFloat32> xt = tf.math.add(tf.math.mul(sqrtAlphaBar, images), tf.math.mul(sqrtOneMinusAlphaBar, perturbed));
        Operand<TFloat32> predicted = new UNet(layers, net).epsilon(xt, timesteps, soft);
        mse = tf.math.mean(tf.math.squaredDifference(predicted, noise), tf.constant(new int[]{0, 1, 2, 3}));

        // aggregate-posterior balance: push the batch-mean bit probability towards 1/2
        Operand<TFloat32> p = tf.math.sigmoid(logits);
        Operand<TFloat32> m = tf.clipByValue(tf.math.mean(p, tf.constant(0)), tf.constant(1e-6f), tf.constant(1f - 1e-6f));
        Operand<TFloat32> oneMinusM = tf.math.sub(tf.constant(1f), m);
        Operand<TFloat32> kl = tf.math.add(
                tf.math.mul(m, tf.math.log(tf.math.mul(tf.constant(2f), m))),
                tf.math.mul(oneMinusM, tf.math.log(tf.math.mul(tf.constant(2f), oneMinusM))));
        balance = tf.math.mean(kl, tf.constant(0));
        // per-image bit entropy from the logits, stable for large |logit|: H = softplus(l) - l * sigmoid(l)
        Operand<TFloat32> bitEntropy = tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, p));
        entropy = tf.math.mean(bitEntropy, tf.constant(new int[]{0, 1}));
        // a target, not a push to 0: saturated bits pass no gradient back through the sigmoid, and a
        // one-sided term (tried first) overshot under Adam's momentum to one frozen code for every image
        Operand<TFloat32> offTarget = tf.math.sub(bitEntropy, tf.constant((float) (CONFIDENCE_TARGET_BITS * Math.log(2))));
        Operand<TFloat32> confidence = tf.math.mean(tf.math.square(offTarget), tf.constant(new int[]{0, 1}));
        Operand<TFloat32> regularised = tf.math.add(mse, tf.math.mul(tf.constant(config.balanceWeight()), balance));
        Operand<TFloat32> confident = config.confidenceWeight() == 0 ? regularised
                : tf.math.add(regularised, tf.math.mul(tf.constant(config.confidenceWeight()), confidence));
        if (config.labelWeight() == 0) {
            classes = null;
            classLoss = null;
            loss = confident;
        } else {
            if (classCount < 2) {
                throw new IllegalArgumentException("the class term (label weight " + config.labelWeight()
                        + ") needs labelled images of at least two classes");
            }
            classes = tf.withName("classes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classCount)));
            Operand<TFloat32> classLogits = layers.dense("code_classifier", soft, d, classCount, ParamStore.Init.ZEROS);
            Operand<TFloat32> logLikelihood = tf.math.mul(classes, tf.nn.logSoftmax(classLogits));
            classLoss = tf.math.neg(tf.math.mean(tf.reduceSum(logLikelihood, tf.constant(1)), tf.constant(0)));
            loss = tf.math.add(confident, tf.math.mul(tf.constant(config.labelWeight()), classLoss));
        }

        weights = new LinkedHashMap<>(params.variables());
        parameterCount = params.parameterCount();
        Adam adam = new Adam(graph, config.learningRate());
        Op adamStep = adam.minimize(loss, "adam");
        // AdamW: decoupled weight decay on matrices/kernels only, applied after the Adam update
        List<Op> decay = new ArrayList<>();
        Ops after = tf.withControlDependencies(adamStep);
        float decayRate = config.learningRate() * config.weightDecay();
        for (var e : weights.entrySet()) {
            if (config.weightDecay() > 0 && e.getKey().endsWith("/w")) {
                decay.add(after.assignSub(e.getValue(), after.math.mul(e.getValue(), after.constant(decayRate))));
            }
        }
        trainStep = decay.isEmpty() ? adamStep : tf.withControlDependencies(decay).noOp();

        // EMA shadows are created after minimize() so the optimiser does not treat them as trainable
        emaWeights = new LinkedHashMap<>();
        List<Op> emaOps = new ArrayList<>();
        List<Op> resetOps = new ArrayList<>();
        Ops tfEma = tf.withControlDependencies(trainStep);
        Operand<TFloat32> oneMinusDecay = tfEma.math.sub(tfEma.constant(1f), emaDecay);
        for (var e : weights.entrySet()) {
            long[] shape = params.shapes().get(e.getKey());
            Variable<TFloat32> shadow = tf.withName("ema." + ParamStore.opName(e.getKey()))
                    .variable(tf.fill(tf.constant(shape), tf.constant(0f)));
            resetOps.add(tf.assign(shadow, e.getValue()));
            emaWeights.put(e.getKey(), shadow);
            Operand<TFloat32> delta = tfEma.math.mul(tfEma.math.sub(shadow, e.getValue()), oneMinusDecay);
            emaOps.add(tfEma.assignSub(shadow, delta));
        }
        emaUpdate = tf.withControlDependencies(emaOps).noOp();
        emaReset = tf.withControlDependencies(resetOps).noOp();
    }
}

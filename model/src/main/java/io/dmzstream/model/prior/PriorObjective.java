package io.dmzstream.model.prior;

import io.dmzstream.model.network.ParamStore;
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
 * The prior's training step as a graph, apart from the loop that feeds it: a batch of codes and
 * one-hot classes in, the mean negative log-likelihood in bits per code out (the exact objective of
 * an autoregressive model: no bound, no sampling), and one Adam step on it.
 */
public final class PriorObjective {
    final Placeholder<TFloat32> bits;
    final Placeholder<TFloat32> classes;
    /** -log2 p(code | class) per row. */
    final Operand<TFloat32> nll;
    /** Mean of {@link #nll} over the batch: the loss. */
    final Operand<TFloat32> loss;
    final Op trainStep;
    private final ParamStore params;

    public PriorObjective(Graph graph, MadeConfig config, float learningRate, long seed) {
        Ops tf = Ops.create(graph);
        bits = tf.withName("bits").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.bits())));
        classes = tf.withName("classes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.classes())));
        params = ParamStore.initialised(tf, seed);
        MadeNetwork net = new MadeNetwork(tf, params, config);
        nll = net.nllBits(net.logits(bits, classes), bits);
        loss = tf.math.mean(nll, tf.constant(0));
        trainStep = new Adam(graph, learningRate).minimize(loss, "prior_adam");
    }

    public Map<String, Variable<TFloat32>> weights() {
        return params.variables();
    }

    public Map<String, long[]> shapes() {
        return params.shapes();
    }
}

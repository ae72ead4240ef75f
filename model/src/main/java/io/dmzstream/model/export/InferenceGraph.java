package io.dmzstream.model.export;

import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.network.Encoder;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.UNet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The serving graph: the same networks as training, with the EMA weights loaded, exposing three
 * named signatures that a SavedModel exports and DJL serves:
 * <ul>
 *   <li>{@code encode}: image [B,H,W,C] -> bits [B,d] (hard, no noise) and probabilities [B,d]</li>
 *   <li>{@code denoise}: x [B,H,W,C], t [B], z [B,d] -> epsilon [B,H,W,C] (t per sample)</li>
 *   <li>{@code classify}: probabilities [B,d] -> classes [B,C] (present when a label head is given)</li>
 * </ul>
 * The sampler's update is left to Java (see {@code io.dmzstream.model.sampler}) so that a serving
 * engine can batch trajectories at different steps and own their random numbers.
 *
 * <p>This class only builds and exports the graph: nothing runs inference on it in-process. Its
 * session exists to hold the loaded weights for {@link SavedModelExport}; every inference (training's
 * features and sample grids included) goes through the exported SavedModel and
 * {@code io.dmzstream.model.serving.DmzModel}'s predictors.
 */
public final class InferenceGraph implements AutoCloseable {
    public static final String ENCODE = "encode";
    public static final String DENOISE = "denoise";
    public static final String CLASSIFY = "classify";

    private final Graph graph = new Graph();
    private final Session session;
    private final Signature encode;
    private final Signature denoise;
    private final Signature classify;
    private final NetworkConfig net;

    public InferenceGraph(NetworkConfig net, Map<String, float[]> weights, LabelHead head) {
        Ops tf = Ops.create(graph);
        ParamStore params = ParamStore.uninitialised(tf);
        Layers layers = new Layers(tf, params);
        int h = net.height();
        int w = net.width();
        int c = net.channels();
        int d = net.bits();
        this.net = net;

        var image = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        Operand<TFloat32> probs = tf.withName("probabilities").math.sigmoid(new Encoder(layers, net).logits(image));
        // hard bits at inference: no Gumbel noise, threshold at 1/2
        Operand<TFloat32> bits = tf.withName("bits").dtypes.cast(tf.math.greater(probs, tf.constant(BitThreshold.THRESHOLD)), TFloat32.class);
        encode = Signature.builder().key(ENCODE).input("image", image)
                .output("bits", bits).output("probabilities", probs).build();

        var x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
        var t = tf.withName("t").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        var z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
        Operand<TFloat32> eps = tf.withName("epsilon").identity(new UNet(layers, net).epsilon(x, t, z));
        denoise = Signature.builder().key(DENOISE).input("x", x).input("t", t).input("z", z)
                .output("epsilon", eps).build();

        Map<String, float[]> all = new LinkedHashMap<>(weights);
        if (head != null) {
            var p = tf.withName("code_probabilities").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
            Operand<TFloat32> logits;
            if (head.linear()) {
                logits = layers.dense("head/out", p, d, head.classes(), ParamStore.Init.ZEROS);
                all.put("head/out/w", head.w1());
                all.put("head/out/b", head.b1());
            } else {
                Operand<TFloat32> hidden = tf.nn.relu(layers.dense("head/fc", p, d, head.hidden(), ParamStore.Init.ZEROS));
                logits = layers.dense("head/out", hidden, head.hidden(), head.classes(), ParamStore.Init.ZEROS);
                all.put("head/fc/w", head.w1());
                all.put("head/fc/b", head.b1());
                all.put("head/out/w", head.w2());
                all.put("head/out/b", head.b2());
            }
            Operand<TFloat32> classes = tf.withName("classes").nn.softmax(logits);
            classify = Signature.builder().key(CLASSIFY).input("probabilities", p).output("classes", classes).build();
        } else {
            classify = null;
        }

        session = new Session(graph);
        load(tf, params, all);
    }

    /** Assigns every weight from the given values, failing clearly if one is missing or mis-shaped. */
    private void load(Ops tf, ParamStore params, Map<String, float[]> values) {
        var runner = session.runner();
        var tensors = new java.util.ArrayList<TFloat32>();
        try {
            for (Map.Entry<String, Variable<TFloat32>> e : params.variables().entrySet()) {
                float[] v = values.get(e.getKey());
                long[] shape = params.shapes().get(e.getKey());
                if (v == null) {
                    throw new IllegalArgumentException("no value for weight " + e.getKey());
                }
                if (v.length != Shape.of(shape).size()) {
                    throw new IllegalArgumentException("weight " + e.getKey() + " has " + v.length + " values, expected shape "
                            + java.util.Arrays.toString(shape));
                }
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
                tensors.add(tensor);
                // fed through a placeholder so the values land in the variables, not in the graph definition
                var feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
                runner.feed(feed, tensor).addTarget(tf.assign(e.getValue(), feed).op());
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    public NetworkConfig network() {
        return net;
    }

    public Session session() {
        return session;
    }

    public Signature encodeSignature() {
        return encode;
    }

    public Signature denoiseSignature() {
        return denoise;
    }

    public Signature classifySignature() {
        return classify;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}

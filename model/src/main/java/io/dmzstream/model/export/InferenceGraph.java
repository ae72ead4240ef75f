package io.dmzstream.model.export;

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
 */
public final class InferenceGraph implements io.dmzstream.model.sampler.Denoiser, AutoCloseable {
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
        Operand<TFloat32> bits = tf.withName("bits").dtypes.cast(tf.math.greater(probs, tf.constant(0.5f)), TFloat32.class);
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

    /** Per-bit probabilities of every image of a dataset, computed in batches. */
    public float[][] probabilities(io.dmzstream.model.data.Dataset data, int batch) {
        int px = data.pixelsPerImage();
        if (px != net.pixels()) {
            throw new IllegalArgumentException(data.name() + " images are " + data.describeImage() + ", the network takes "
                    + net.describeImage());
        }
        int d = (int) encode.getOutputs().get("probabilities").shape.get(1);
        float[][] out = new float[data.size()][];
        for (int start = 0; start < data.size(); start += batch) {
            int n = Math.min(batch, data.size() - start);
            float[] images = new float[n * px];
            for (int i = 0; i < n; i++) {
                data.copyImage(start + i, images, i * px);
            }
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, net.height(), net.width(), net.channels()), DataBuffers.of(images, true, false));
                 var r = session.runner().feed("image", in).fetch("probabilities").run()) {
                TFloat32 p = (TFloat32) r.get(0);
                float[] flat = new float[n * d];
                p.copyTo(DataBuffers.of(flat, false, false));
                for (int i = 0; i < n; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    /** Runs the denoise signature in-process (used by training-time sample grids). */
    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        int n = x.length;
        int px = x[0].length;
        int d = codes[0].length;
        float[] xf = new float[n * px];
        float[] tf = new float[n];
        float[] zf = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, xf, i * px, px);
            System.arraycopy(codes[i], 0, zf, i * d, d);
            tf[i] = timesteps[i];
        }
        if (px != net.pixels()) {
            throw new IllegalArgumentException("x has " + px + " values, the network takes " + net.describeImage());
        }
        float[] eps = new float[n * px];
        try (TFloat32 tx = TFloat32.tensorOf(Shape.of(n, net.height(), net.width(), net.channels()), DataBuffers.of(xf, true, false));
             TFloat32 tt = TFloat32.tensorOf(Shape.of(n), DataBuffers.of(tf, true, false));
             TFloat32 tz = TFloat32.tensorOf(Shape.of(n, d), DataBuffers.of(zf, true, false));
             var r = session.runner().feed("x", tx).feed("t", tt).feed("z", tz).fetch("epsilon").run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(eps, false, false));
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(eps, i * px, (i + 1) * px);
        }
        return out;
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

package io.dmzstream.model.bridge;

import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The bridge's inference graph (running batch-norm statistics) with trained weights loaded; exports
 * a SavedModel whose {@code translate} signature maps source code probabilities to target bit
 * probabilities.
 */
final class BridgeGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private final int sourceBits;

    BridgeGraph(int sourceBits, int targetBits, Map<String, float[]> weights) {
        this.sourceBits = sourceBits;
        Ops tf = Ops.create(graph);
        input = tf.withName("source").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, sourceBits)));
        ParamStore params = ParamStore.uninitialised(tf);
        output = tf.withName("target").math.sigmoid(new BridgeNetwork(tf, params, false).logits(input, sourceBits, targetBits));
        session = new Session(graph);
        Weights.assign(tf, session, params, weights);
    }

    float[][] translate(float[][] source) {
        int n = source.length;
        float[] flat = new float[n * sourceBits];
        for (int i = 0; i < n; i++) {
            System.arraycopy(source[i], 0, flat, i * sourceBits, sourceBits);
        }
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(n, sourceBits), DataBuffers.of(flat, true, false));
             Result r = session.runner().feed(input, t).fetch(output).run()) {
            TFloat32 o = (TFloat32) r.get(0);
            int d = (int) o.shape().get(1);
            float[] res = new float[n * d];
            o.copyTo(DataBuffers.of(res, false, false));
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(res, i * d, (i + 1) * d);
            }
            return out;
        }
    }

    void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("saved_model.pb"));
        if (Files.exists(dir.resolve("variables"))) {
            try (var walk = Files.walk(dir.resolve("variables"))) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Signature sig = Signature.builder().key(BridgeManifest.SIGNATURE).input("source", input).output("target", output).build();
        SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(session).withSignature(sig).export();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}

package io.dmzstream.model.prior;

import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The prior's serving graph with trained weights assigned, exported as a SavedModel with two
 * signatures:
 * <ul>
 *   <li>{@code sample}: class [B, C] one-hot, uniform [B, d] in [0, 1) -> bits [B, d]. The d
 *       sequential passes of ancestral sampling are unrolled in the graph (one call per batch):
 *       pass k computes the logits from the bits drawn so far and sets bit k to
 *       {@code uniform_k < sigmoid(logit_k)}. All randomness is the uniform input, drawn in Java
 *       from a seed, so a seed fixes the codes.</li>
 *   <li>{@code log_prob}: bits [B, d], class [B, C] -> nll [B], -log2 p(bits | class).</li>
 * </ul>
 */
final class PriorGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Signature sample;
    private final Signature logProb;

    PriorGraph(MadeConfig config, Map<String, float[]> weights) {
        Ops tf = Ops.create(graph);
        int d = config.bits();
        int c = config.classes();
        ParamStore params = ParamStore.uninitialised(tf);
        MadeNetwork net = new MadeNetwork(tf, params, config);

        var classes = tf.withName("class").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c)));
        var uniform = tf.withName("uniform").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
        Operand<TFloat32> bits = tf.zerosLike(uniform);
        for (int k = 0; k < d; k++) {
            // logit k depends on bits 0..k-1 only (the masks), and those are already drawn
            Operand<TFloat32> drawn = tf.dtypes.cast(tf.math.less(uniform, tf.math.sigmoid(net.logits(bits, classes))), TFloat32.class);
            float[] onlyK = new float[d];
            onlyK[k] = 1f;
            bits = tf.math.add(bits, tf.math.mul(drawn, tf.constant(onlyK)));
        }
        Operand<TFloat32> sampled = tf.withName("sampled_bits").identity(bits);

        var codes = tf.withName("bits").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d)));
        var codeClasses = tf.withName("code_class").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c)));
        Operand<TFloat32> nll = tf.withName("nll").identity(net.nllBits(net.logits(codes, codeClasses), codes));

        sample = Signature.builder().key(PriorManifest.SAMPLE).input("class", classes).input("uniform", uniform)
                .output("bits", sampled).build();
        logProb = Signature.builder().key(PriorManifest.LOG_PROB).input("bits", codes).input("class", codeClasses)
                .output("nll", nll).build();

        session = new Session(graph);
        Weights.assign(tf, session, params, weights);
    }

    /** Writes the SavedModel (tag {@code serve}) into {@code dir}, replacing an earlier one there. */
    void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("saved_model.pb"));
        Path vars = dir.resolve("variables");
        if (Files.exists(vars)) {
            try (var walk = Files.walk(vars)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        SavedModelBundle.exporter(dir.toString()).withTags("serve").withSession(session)
                .withSignatures(sample, logProb).export();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}

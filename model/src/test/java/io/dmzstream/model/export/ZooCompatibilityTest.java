package io.dmzstream.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.network.Encoder;
import io.dmzstream.model.network.Layers;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.network.ParamStore;
import io.dmzstream.model.network.UNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The committed zoo was exported before networks took any shape: its untyped manifests must read
 * as the typed 28x28x1 configuration, and the shape-generic encoder and U-Net must build exactly
 * the weights (names and shapes) those SavedModels hold.
 */
class ZooCompatibilityTest {
    private static final Path ZOO = Path.of("zoo");

    private static List<Path> autoencoders() throws IOException {
        try (var dirs = Files.list(ZOO)) {
            return dirs.filter(d -> d.getFileName().toString().matches("(dmz|baseline|sweep)-.*"))
                    .filter(d -> {
                        try {
                            return !Files.readString(d.resolve(Manifest.FILE)).contains("\"height\"");
                        } catch (IOException e) {
                            return false;
                        }
                    }).sorted().toList();
        }
    }

    @Test
    void firstGenerationManifestsReadAsTyped28x28Grey() throws IOException {
        List<Path> dirs = autoencoders();
        assertFalse(dirs.isEmpty(), "the zoo has first-generation models");
        for (Path dir : dirs) {
            Manifest m = new ModelFolder(dir).verify();
            NetworkConfig n = m.network();
            assertEquals(List.of(28, 28, 1), n.imageShape(), dir.toString());
            assertEquals(List.of(1, 2, 3), n.channelMultipliers(), dir.toString());
            assertEquals(3, n.encoderDownsamples(), dir.toString());
            assertEquals(m.bits(), n.bits());
            assertEquals(m.conditioned(), n.conditioned());
            assertEquals(32, n.baseChannels());
            assertTrue(m.hasLabelHead(), dir.toString());
        }
    }

    @Test
    void shapeGenericNetworksRebuildTheZooWeightsExactly() throws IOException {
        Path dir = ZOO.resolve("dmz-mnist");
        Manifest m = new ModelFolder(dir).verify();
        Map<String, long[]> expected = new TreeMap<>();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            ParamStore params = ParamStore.uninitialised(tf);
            Layers layers = new Layers(tf, params);
            NetworkConfig net = m.network();
            var image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            new Encoder(layers, net).logits(image);
            var t = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
            var z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, net.bits())));
            new UNet(layers, net).epsilon(image, t, z);
            params.shapes().forEach((k, v) -> expected.put(ParamStore.opName(k), v));
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelExport.TAG)) {
            for (var e : expected.entrySet()) {
                try (Result r = bundle.session().runner().fetch(e.getKey()).run()) {
                    Tensor v = r.get(0);
                    assertArrayEquals(e.getValue(), v.shape().asArray(), e.getKey());
                }
            }
            long stored = 0;
            for (var it = bundle.graph().operations(); it.hasNext(); ) {
                var op = it.next();
                if ((op.type().equals("VarHandleOp") || op.type().equals("VariableV2")) && !op.name().startsWith("head.")) {
                    stored++;
                }
            }
            assertEquals(expected.size(), stored, "every network weight in the SavedModel is one the code builds");
        }
    }
}

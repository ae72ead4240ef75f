package io.dmzstream.model.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Levels derived from the resolution, and encoder + U-Net forward passes at square, non-square, grey and RGB shapes. */
class NetworkShapesTest {
    @Test
    void levelsFollowTheResolution() {
        assertEquals(List.of(1, 2, 3), NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1).channelMultipliers());
        assertEquals(List.of(1, 2, 3), NetworkConfig.of(8, 8, 8, 8, true, 32, 32, 3).channelMultipliers());
        assertEquals(List.of(1, 2, 3, 4), NetworkConfig.of(8, 8, 8, 8, true, 64, 64, 3).channelMultipliers());
        assertEquals(List.of(1, 2, 3, 4, 4), NetworkConfig.of(8, 8, 8, 8, true, 128, 160, 3).channelMultipliers());
        assertEquals(List.of(1, 2), NetworkConfig.of(8, 8, 8, 8, true, 16, 16, 1).channelMultipliers());
        assertEquals(3, NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 1).encoderDownsamples());
        assertEquals(4, NetworkConfig.of(8, 8, 8, 8, true, 64, 64, 3).encoderDownsamples());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.of(8, 8, 8, 8, true, 28, 28, 2));
    }

    @Test
    void forwardPassesHaveTheImageShape() {
        int[][] shapes = {{28, 28, 1}, {32, 32, 3}, {64, 64, 3}, {24, 32, 1}, {17, 33, 3}};
        for (int[] s : shapes) {
            NetworkConfig net = NetworkConfig.of(6, 8, 4, 4, true, s[0], s[1], s[2]);
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Layers layers = new Layers(tf, ParamStore.initialised(tf, 1));
                var x = tf.fill(tf.constant(new long[]{2, s[0], s[1], s[2]}), tf.constant(0.5f));
                var logits = new Encoder(layers, net).logits(x);
                var eps = new UNet(layers, net).epsilon(x, tf.constant(new float[]{3f, 700f}),
                        tf.math.sigmoid(logits));
                try (Session session = new Session(g)) {
                    session.initialize();
                    try (Result r = session.runner().fetch(logits).fetch(eps).run()) {
                        assertArrayEquals(new long[]{2, 6}, r.get(0).shape().asArray(), net.describeImage());
                        assertArrayEquals(new long[]{2, s[0], s[1], s[2]}, r.get(1).shape().asArray(), net.describeImage());
                    }
                }
            }
        }
    }
}

package io.dmzstream.model.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Reads weights out of a session into plain arrays (snapshots, EMA export, early stopping) and back in. */
public final class Weights {
    private Weights() {
    }

    public static Map<String, float[]> read(Session session, Map<String, Variable<TFloat32>> variables) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var e : variables.entrySet()) {
            try (Result r = session.runner().fetch(e.getValue()).run()) {
                TFloat32 v = (TFloat32) r.get(0);
                float[] values = new float[(int) v.shape().size()];
                v.copyTo(DataBuffers.of(values, false, false));
                out.put(e.getKey(), values);
            }
        }
        return out;
    }

    /**
     * Assigns {@code values} to every weight of {@code params} in one session run.
     *
     * @throws IllegalArgumentException naming the first weight with no value or a value of the wrong size
     */
    public static void assign(Ops tf, Session session, ParamStore params, Map<String, float[]> values) {
        var runner = session.runner();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            for (var e : params.variables().entrySet()) {
                long[] shape = params.shapes().get(e.getKey());
                float[] v = values.get(e.getKey());
                if (v == null || v.length != Shape.of(shape).size()) {
                    throw new IllegalArgumentException("no value of " + Shape.of(shape) + " for weight " + e.getKey());
                }
                TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
                tensors.add(t);
                var feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
                runner.feed(feed, t).addTarget(tf.assign(e.getValue(), feed));
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}

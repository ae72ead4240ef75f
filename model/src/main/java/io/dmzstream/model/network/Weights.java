package io.dmzstream.model.network;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Reads weights out of a session into plain arrays (snapshots, EMA export, early stopping). */
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
}

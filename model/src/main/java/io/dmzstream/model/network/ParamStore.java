package io.dmzstream.model.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates and names the network's weights. The same network code builds the training graph (weights
 * initialised from a seeded Java RNG, so a seed reproduces a run) and the export graph (weights
 * left uninitialised and loaded from the EMA values afterwards).
 */
public final class ParamStore {
    /** How a weight starts out. */
    public enum Init { HE_NORMAL, ZEROS, ONES }

    private final Ops tf;
    private final Long seed;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    private ParamStore(Ops tf, Long seed) {
        this.tf = tf;
        this.seed = seed;
    }

    /** Weights initialised from {@code seed}. */
    public static ParamStore initialised(Ops tf, long seed) {
        return new ParamStore(tf, seed);
    }

    /** Weights without initial values, to be assigned (e.g. from a trained model's EMA snapshot). */
    public static ParamStore uninitialised(Ops tf) {
        return new ParamStore(tf, null);
    }

    public Operand<TFloat32> get(String name, long[] shape, Init init) {
        Variable<TFloat32> existing = variables.get(name);
        if (existing != null) {
            return existing;
        }
        Variable<TFloat32> v;
        if (seed == null) {
            v = tf.withName(opName(name)).variable(Shape.of(shape), TFloat32.class);
        } else {
            float[] values = initialValues(name, shape, init);
            v = tf.withName(opName(name)).variable(tf.constant(Shape.of(shape), DataBuffers.of(values, true, false)));
        }
        variables.put(name, v);
        shapes.put(name, shape.clone());
        return v;
    }

    /** TF op names may not contain '/', which our weight names use for readability. */
    public static String opName(String name) {
        return name.replace('/', '.');
    }

    private float[] initialValues(String name, long[] shape, Init init) {
        int size = 1;
        for (long d : shape) {
            size *= (int) d;
        }
        float[] values = new float[size];
        switch (init) {
            case ZEROS -> { }
            case ONES -> java.util.Arrays.fill(values, 1f);
            case HE_NORMAL -> {
                long fanIn = 1;
                for (int i = 0; i < shape.length - 1; i++) {
                    fanIn *= shape[i];
                }
                double std = Math.sqrt(2.0 / Math.max(1, fanIn));
                SplittableRandom rng = new SplittableRandom(seed * 31 + name.hashCode());
                for (int i = 0; i < size; i++) {
                    values[i] = (float) (rng.nextGaussian() * std);
                }
            }
            default -> throw new IllegalStateException(init.toString());
        }
        return values;
    }

    /** Every weight in creation order (a stable order: the same code creates the same list). */
    public Map<String, Variable<TFloat32>> variables() {
        return Collections.unmodifiableMap(variables);
    }

    public Map<String, long[]> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    public long parameterCount() {
        long total = 0;
        for (long[] s : shapes.values()) {
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            total += n;
        }
        return total;
    }
}

package io.dmzstream.model.serving;

import java.io.File;
import org.bytedeco.javacpp.Loader;

/**
 * Points DJL's TensorFlow engine at the natives TensorFlow Java already ships, so serving works
 * offline. Without this DJL tries to download its own TensorFlow build (and its CPU jar is really
 * a CUDA build that is rejected here). Must run before the first DJL call; idempotent.
 */
public final class TensorFlowNatives {
    private static volatile boolean ready;

    private TensorFlowNatives() {
    }

    public static synchronized void prepare() {
        if (ready) {
            return;
        }
        String lib = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
        if (lib == null) {
            throw new IllegalStateException("TensorFlow Java natives could not be loaded for this platform ("
                    + Loader.getPlatform() + "); check that tensorflow-core-native with the right classifier is on the classpath");
        }
        if (System.getProperty("TENSORFLOW_LIBRARY_PATH") == null) {
            System.setProperty("TENSORFLOW_LIBRARY_PATH", new File(lib).getParent());
        }
        System.setProperty("ai.djl.offline", "true");
        ready = true;
    }
}

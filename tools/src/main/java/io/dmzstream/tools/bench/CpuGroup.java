package io.dmzstream.tools.bench;

import java.util.Locale;

/**
 * What a thread of the measured JVM works for. The service's own cost outside the model is every
 * group but {@link #MODEL} and {@link #LOAD}.
 */
public enum CpuGroup {
    /** TensorFlow's native threads and the engine's device workers (model calls, sampler steps). */
    MODEL("model (TensorFlow + device workers)"),
    /** Kafka Streams stream threads: poll, validation, durable buffer, punctuation, output encoding. */
    STREAM("stream threads"),
    /** Kafka client I/O of the service: producer network threads, heartbeats, admin, state updater. */
    KAFKA_IO("Kafka client I/O"),
    /** RocksDB's background threads (the durable buffer's local store). */
    ROCKSDB("RocksDB background"),
    JIT("JIT compiler"),
    GC("garbage collector"),
    /** Other JVM threads (VM thread, metrics, HTTP, finalizer, ...). */
    OTHER("other JVM threads"),
    /** The benchmark's own load generator and output consumer: measured, then left out. */
    LOAD("load generator (not counted)");

    /** Client ids and thread names of the benchmark's own load start with this. */
    public static final String LOAD_PREFIX = "bench-load";

    private final String label;

    CpuGroup(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this group counts as the service's cost outside the model. */
    public boolean overhead() {
        return this != MODEL && this != LOAD;
    }

    /** The group of a Java thread, by its full name. */
    public static CpuGroup ofJavaThread(String name) {
        if (name.contains(LOAD_PREFIX) || name.equals("main")) {
            return LOAD;
        }
        if (name.startsWith("dmz-device-")) {
            return MODEL;
        }
        if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-coordinator-heartbeat-thread")
                || name.startsWith("kafka-admin-client-thread") || name.contains("-StateUpdater-")
                || name.contains("consumer_background_thread")) {
            return KAFKA_IO;
        }
        if (name.contains("-StreamThread-")) {
            return STREAM;
        }
        return OTHER;
    }

    /**
     * The group of a thread only the kernel names (no Java thread behind it), by its 15-character
     * name, or null for a Java thread (accounted by its full name instead). TensorFlow's own
     * threads inherit the name of the JVM's main thread, {@code java}.
     */
    static CpuGroup ofNativeTask(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (comm.startsWith("GC Thread#") || comm.startsWith("G1 ") || comm.startsWith("GC ")) {
            return GC;
        }
        if (comm.equals("VM Thread") || comm.startsWith("VM Periodic") || comm.equals("Service Thread")
                || comm.startsWith("Monitor Deflati") || comm.startsWith("Sweeper")) {
            return OTHER;
        }
        if (comm.startsWith("rocksdb")) {
            return ROCKSDB;
        }
        if (comm.equals("java")) {
            return MODEL;
        }
        return null;
    }
}

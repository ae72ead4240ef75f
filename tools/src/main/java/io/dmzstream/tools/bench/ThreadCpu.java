package io.dmzstream.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Per-thread CPU time of this JVM, by {@link CpuGroup}: Java threads through the ThreadMXBean (by
 * their full names), threads without a Java thread (TensorFlow's, the JIT compilers, GC, RocksDB)
 * through {@code /proc/self/task/*}{@code /stat}. A thread that ends between two samples loses its
 * time; {@link Use#unattributedNanos()} shows how much that and rounding leave over.
 */
public final class ThreadCpu {
    /** Linux USER_HZ: /proc reports CPU in these ticks. */
    private static final long TICK_NANOS = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Kernel ids of Java threads whose kernel name is {@code java} (the JVM's main thread). */
    private final long mainTask;

    /** Call on the thread that drives the benchmark (usually the JVM's main thread). */
    public ThreadCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        mainTask = currentTask();
    }

    /** CPU time consumed so far, per thread. */
    public Sample sample() {
        Map<Long, Long> java = new HashMap<>();
        Map<Long, CpuGroup> javaGroups = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        var infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) {
                java.put(ids[i], cpu[i]);
                javaGroups.put(ids[i], CpuGroup.ofJavaThread(infos[i].getThreadName()));
            }
        }
        Map<Long, Long> natives = new HashMap<>();
        Map<Long, CpuGroup> nativeGroups = new HashMap<>();
        if (Files.isDirectory(TASKS)) {
            try (Stream<Path> tasks = Files.list(TASKS)) {
                tasks.forEach(dir -> readTask(dir, natives, nativeGroups));
            } catch (IOException e) {
                // no /proc (not Linux): Java threads only
            }
        }
        return new Sample(System.nanoTime(), processNanos(), java, javaGroups, natives, nativeGroups);
    }

    private void readTask(Path dir, Map<Long, Long> natives, Map<Long, CpuGroup> groups) {
        long tid;
        try {
            tid = Long.parseLong(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return;
        }
        if (tid == mainTask) {
            return; // a Java thread (main) that the kernel calls "java"
        }
        TaskStat stat = TaskStat.read(dir.resolve("stat"));
        if (stat == null) {
            return;
        }
        CpuGroup group = CpuGroup.ofNativeTask(stat.comm());
        if (group != null) {
            natives.put(tid, stat.cpuTicks() * TICK_NANOS);
            groups.put(tid, group);
        }
    }

    /** CPU of the whole process (every thread, ended ones included). */
    private static long processNanos() {
        TaskStat stat = TaskStat.read(Path.of("/proc/self/stat"));
        if (stat != null) {
            return stat.cpuTicks() * TICK_NANOS;
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** CPU of another process (the broker), from /proc; 0 where unknown. */
    public static long processNanos(long pid) {
        TaskStat stat = TaskStat.read(Path.of("/proc/" + pid + "/stat"));
        return stat == null ? 0 : stat.cpuTicks() * TICK_NANOS;
    }

    /** The kernel id of the calling thread, -1 where /proc/thread-self is missing. */
    static long currentTask() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One /proc stat line: the kernel's thread name and user + system CPU ticks. */
    record TaskStat(String comm, long cpuTicks) {
        static TaskStat read(Path file) {
            try {
                return parse(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                return null; // the thread ended meanwhile
            }
        }

        /** Fields after the parenthesised name (which may hold spaces): state is 3rd, utime 14th, stime 15th. */
        static TaskStat parse(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).trim().split(" ");
            return new TaskStat(line.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        }
    }

    /** CPU consumed so far, per thread. */
    public record Sample(long atNanos, long processNanos, Map<Long, Long> java, Map<Long, CpuGroup> javaGroups,
                         Map<Long, Long> natives, Map<Long, CpuGroup> nativeGroups) {
        /** What each group used between {@code earlier} and this sample. */
        public Use since(Sample earlier) {
            Map<CpuGroup, Long> byGroup = new EnumMap<>(CpuGroup.class);
            for (CpuGroup g : CpuGroup.values()) {
                byGroup.put(g, 0L);
            }
            add(byGroup, java, earlier.java, javaGroups);
            add(byGroup, natives, earlier.natives, nativeGroups);
            return new Use(byGroup, processNanos - earlier.processNanos, atNanos - earlier.atNanos);
        }

        private static void add(Map<CpuGroup, Long> out, Map<Long, Long> now, Map<Long, Long> before,
                                Map<Long, CpuGroup> groups) {
            now.forEach((id, cpu) -> out.merge(groups.get(id), Math.max(0, cpu - before.getOrDefault(id, 0L)),
                    Long::sum));
        }
    }

    /** CPU per group over an interval, the whole process's, and the interval's wall time. */
    public record Use(Map<CpuGroup, Long> nanos, long processNanos, long wallNanos) {
        public long groupNanos(CpuGroup g) {
            return nanos.getOrDefault(g, 0L);
        }

        public long attributedNanos() {
            return nanos.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Process CPU no group accounts for (threads that ended, tick rounding). */
        public long unattributedNanos() {
            return processNanos - attributedNanos();
        }

        /** The service's CPU outside the model: every group but model and load. */
        public long overheadNanos() {
            return nanos.entrySet().stream().filter(e -> e.getKey().overhead()).mapToLong(Map.Entry::getValue).sum();
        }
    }
}

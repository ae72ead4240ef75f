package io.dmzstream.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void statLineWithSpacesAndParenthesesInTheName() {
        String line = "4242 (C2 Compiler) (x)) S 1 4242 4242 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 30 0 100 0 0";
        ThreadCpu.TaskStat s = ThreadCpu.TaskStat.parse(line);
        assertEquals("C2 Compiler) (x)", s.comm());
        assertEquals(1234 + 56, s.cpuTicks(), "utime + stime, the 14th and 15th fields");
    }

    @Test
    void threadsFallIntoTheirGroups() {
        assertEquals(CpuGroup.STREAM, CpuGroup.ofJavaThread("bench-x-1-stream-7f3a-StreamThread-2"));
        assertEquals(CpuGroup.KAFKA_IO, CpuGroup.ofJavaThread(
                "kafka-producer-network-thread | bench-x-1-stream-7f3a-StreamThread-2-producer"));
        assertEquals(CpuGroup.KAFKA_IO, CpuGroup.ofJavaThread("bench-x-1-stream-7f3a-StateUpdater-1"));
        assertEquals(CpuGroup.LOAD, CpuGroup.ofJavaThread("kafka-producer-network-thread | bench-load-producer"));
        assertEquals(CpuGroup.MODEL, CpuGroup.ofJavaThread("dmz-device-gpu:1"));
        assertEquals(CpuGroup.OTHER, CpuGroup.ofJavaThread("Finalizer"));
        assertEquals(CpuGroup.JIT, CpuGroup.ofNativeTask("C2 CompilerThre"));
        assertEquals(CpuGroup.GC, CpuGroup.ofNativeTask("G1 Conc#0"));
        assertEquals(CpuGroup.MODEL, CpuGroup.ofNativeTask("java"), "TensorFlow's threads carry the JVM's name");
        assertNull(CpuGroup.ofNativeTask("bench-x-1-str"), "a Java thread is accounted by its full name");
        assertTrue(CpuGroup.STREAM.overhead() && !CpuGroup.MODEL.overhead() && !CpuGroup.LOAD.overhead());
    }

    @Test
    void aBusyJavaThreadIsChargedToItsGroup() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
        ThreadCpu cpu = new ThreadCpu();
        ThreadCpu.Sample before = cpu.sample();
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
            }
            if (x < 0) {
                System.out.println(x);
            }
        }, "app-StreamThread-9");
        t.start();
        // sample while the thread is alive: a thread that has ended has no CPU time to read
        Thread.sleep(250);
        ThreadCpu.Sample after = cpu.sample();
        t.join();
        ThreadCpu.Use use = after.since(before);
        assertTrue(use.groupNanos(CpuGroup.STREAM) > 100_000_000L, "stream group: " + use.nanos());
        assertTrue(use.processNanos() >= use.groupNanos(CpuGroup.STREAM) - 20_000_000L, "process total covers it");
    }
}

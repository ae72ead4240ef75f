package io.dmzstream.tools.bench;

/**
 * One steady-state window: completions, wall time, the service JVM's CPU by thread group and the
 * broker process's CPU over the window.
 *
 * @param cut   true when the window hit its maximum before reaching its minimum requests
 * @param p50Ms median latency (send to completion) of the requests sent in the window, at saturation
 * @param p99Ms the same, 99th percentile
 */
public record Measured(long requests, double seconds, ThreadCpu.Use cpu, long brokerNanos, boolean cut,
                       double p50Ms, double p99Ms) {
    public double perSecond() {
        return requests / seconds;
    }

    public double usPerRequest(CpuGroup group) {
        return cpu.groupNanos(group) / 1e3 / requests;
    }

    /** CPU-µs per request of the model threads. */
    public double modelUs() {
        return usPerRequest(CpuGroup.MODEL);
    }

    /** CPU-µs per request of the service outside the model (stream threads, I/O, JIT, GC, ...). */
    public double overheadUs() {
        return cpu.overheadNanos() / 1e3 / requests;
    }

    public double brokerUs() {
        return brokerNanos / 1e3 / requests;
    }

    /** All CPU per request on the machine for this path: the whole service JVM plus the broker. */
    public double totalUs() {
        return (cpu.processNanos() + brokerNanos) / 1e3 / requests;
    }

    /** Busy fraction of the machine's cores over the window (service JVM plus broker). */
    public double utilization(int cores) {
        return (cpu.processNanos() + brokerNanos) / (seconds * 1e9 * cores);
    }

    public double unattributedUs() {
        return cpu.unattributedNanos() / 1e3 / requests;
    }
}

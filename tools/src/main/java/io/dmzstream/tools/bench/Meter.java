package io.dmzstream.tools.bench;

import io.dmzstream.tools.load.Percentiles;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Runs loads through a warm-up and a steady-state {@link Window} and measures the window: closed
 * loop (a fixed number of requests outstanding: the maximum throughput) or open loop (a fixed
 * offered rate: latency). The load is sent from the calling thread.
 */
final class Meter {
    /** A request that makes no progress this long means the path is stuck. */
    private static final Duration STALL = Duration.ofSeconds(90);

    private final ThreadCpu cpu;
    private final LongSupplier brokerCpu;
    private final PrintStream log;

    Meter(ThreadCpu cpu, LongSupplier brokerCpu, PrintStream log) {
        this.cpu = cpu;
        this.brokerCpu = brokerCpu;
        this.log = log;
    }

    /** One latency point: what was offered, what completed, and end-to-end latency percentiles. */
    record LatencyPoint(double offeredPerS, double achievedPerS, double p50Ms, double p99Ms, long samples) {
    }

    /** CPU of a path with no load at all: what it costs per second just to be running. */
    record Idle(double seconds, ThreadCpu.Use cpu, long brokerNanos) {
        /** CPU-ms per second of wall time. */
        double msPerSecond(long nanos) {
            return nanos / 1e6 / seconds;
        }
    }

    Idle idle(String name, double seconds) throws InterruptedException {
        ThreadCpu.Sample s0 = cpu.sample();
        long b0 = brokerCpu.getAsLong();
        Thread.sleep((long) (seconds * 1000));
        ThreadCpu.Sample s1 = cpu.sample();
        Idle idle = new Idle((s1.atNanos() - s0.atNanos()) / 1e9, s1.since(s0), brokerCpu.getAsLong() - b0);
        log.printf(Locale.ROOT, "bench:   %-44s service %5.1f CPU-ms/s (outside the model %5.1f)  broker %5.1f CPU-ms/s%n",
                name + ", idle", idle.msPerSecond(idle.cpu().processNanos()), idle.msPerSecond(idle.cpu().overheadNanos()),
                idle.msPerSecond(idle.brokerNanos()));
        return idle;
    }

    /** Keeps {@code flow.capacity()} requests outstanding; {@code send} sends request i. */
    Measured closedLoop(String name, Window w, Flow flow, LongConsumer send) throws InterruptedException {
        long sent = 0;
        long start = System.nanoTime();
        long warmEnd = start + seconds(w.warmupSeconds());
        while (System.nanoTime() < warmEnd) {
            sent = sendWhenRoom(flow, send, sent);
        }
        ThreadCpu.Sample s0 = cpu.sample();
        long b0 = brokerCpu.getAsLong();
        long c0 = flow.completed();
        long t0 = System.nanoTime();
        long t0Ms = System.currentTimeMillis();
        boolean cut = false;
        while (true) {
            long elapsed = System.nanoTime() - t0;
            long done = flow.completed() - c0;
            if (elapsed >= seconds(w.minSeconds()) && done >= w.minRequests()) {
                break;
            }
            if (elapsed >= seconds(w.maxSeconds())) {
                cut = true;
                break;
            }
            sent = sendWhenRoom(flow, send, sent);
        }
        long c1 = flow.completed();
        ThreadCpu.Sample s1 = cpu.sample();
        long b1 = brokerCpu.getAsLong();
        long t1Ms = System.currentTimeMillis();
        drain(flow, sent);
        flow.check();
        long[] ms = flow.latencies(t0Ms, t1Ms);
        Measured m = new Measured(c1 - c0, (s1.atNanos() - t0) / 1e9, s1.since(s0), b1 - b0, cut,
                Percentiles.of(ms, 50), Percentiles.of(ms, 99));
        log.printf(Locale.ROOT, "bench:   %-44s %9.1f req/s  model %7.0f us/req  outside %6.0f us/req%s%n", name,
                m.perSecond(), m.modelUs(), m.overheadUs(), cut ? "  (window cut)" : "");
        return m;
    }

    /** Sends at {@code rate} per second; latency percentiles of the requests sent inside the window. */
    LatencyPoint openLoop(String name, Window w, double rate, Flow flow, LongConsumer send)
            throws InterruptedException {
        double windowSeconds = Math.min(w.maxSeconds(), Math.max(w.minSeconds(), w.minRequests() / rate));
        long start = System.nanoTime();
        long warmEnd = start + seconds(w.warmupSeconds());
        long end = warmEnd + seconds(windowSeconds);
        long windowStartMs = System.currentTimeMillis() + (long) (w.warmupSeconds() * 1000);
        long windowEndMs = windowStartMs + (long) (windowSeconds * 1000);
        long sent = 0;
        while (true) {
            long due = start + (long) (sent * 1e9 / rate);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // more outstanding than the flow allows means the path cannot keep up: wait for room
            if (!flow.take(0) && !flow.take(STALL.toMillis())) {
                throw new IllegalStateException(name + ": no request completed for " + STALL.toSeconds() + " s");
            }
            send.accept(sent++);
        }
        drain(flow, sent);
        flow.check();
        long[] ms = flow.latencies(windowStartMs, windowEndMs);
        LatencyPoint p = new LatencyPoint(rate, ms.length / windowSeconds, Percentiles.of(ms, 50),
                Percentiles.of(ms, 99), ms.length);
        log.printf(Locale.ROOT, "bench:   %-44s offered %7.1f/s  got %7.1f/s  p50 %5.0f ms  p99 %5.0f ms%n", name,
                rate, p.achievedPerS(), p.p50Ms(), p.p99Ms());
        return p;
    }

    private static long sendWhenRoom(Flow flow, LongConsumer send, long sent) throws InterruptedException {
        flow.check();
        if (flow.take(100)) {
            send.accept(sent);
            return sent + 1;
        }
        if (System.nanoTime() - flow.lastCompletionNanos() > STALL.toNanos()) {
            throw new IllegalStateException("no request completed for " + STALL.toSeconds() + " s ("
                    + flow.completed() + " of " + sent + " done)");
        }
        return sent;
    }

    /** Waits until every request sent has completed (not measured). */
    private static void drain(Flow flow, long sent) throws InterruptedException {
        while (flow.completed() < sent) {
            flow.check();
            if (System.nanoTime() - flow.lastCompletionNanos() > STALL.toNanos()) {
                throw new IllegalStateException("requests still outstanding after " + STALL.toSeconds() + " s ("
                        + flow.completed() + " of " + sent + " done)");
            }
            Thread.sleep(5);
        }
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }
}

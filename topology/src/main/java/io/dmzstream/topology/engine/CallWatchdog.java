package io.dmzstream.topology.engine;

import java.time.Duration;
import java.util.List;

/**
 * Watches the device workers' model calls: one that has run longer than the call timeout is given
 * up on (see {@link DeviceWorker#checkTimeout}): its requests run again, the device's circuit
 * opens and the worker reports stuck until the call returns.
 *
 * <p>The hung thread itself is left alone: Java cannot stop a thread safely, and a call into
 * native code (TensorFlow) ignores interrupts. If the call ever returns, its results are dropped
 * (their requests were already handed back) and the worker serves again; if every worker is
 * stuck, the instance reports itself not live, so that the orchestrator restarts it, which is
 * the only way to get the thread back.
 */
final class CallWatchdog implements AutoCloseable {
    private final List<DeviceWorker> workers;
    private final long timeoutNanos;
    private final Thread thread;
    private volatile boolean running = true;

    CallWatchdog(List<DeviceWorker> workers, Duration timeout) {
        this.workers = List.copyOf(workers);
        this.timeoutNanos = timeout.toNanos();
        long periodMillis = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.thread = new Thread(() -> watch(periodMillis), "dmz-engine-watchdog");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void watch(long periodMillis) {
        while (running) {
            long now = System.nanoTime();
            for (DeviceWorker worker : workers) {
                worker.checkTimeout(now, timeoutNanos);
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}

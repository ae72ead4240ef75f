package io.dmzstream.topology.health;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's threads, with a deadline per exchange. The JDK server reads a request on the
 * thread it hands the exchange to, from the moment the connection is accepted, so a client that
 * sends its headers slowly (or never) holds a thread. Past the deadline the thread is
 * interrupted: its blocked socket read or write (an interruptible channel) fails and closes the
 * connection, and the thread serves the next exchange. Enough threads and the deadline keep a few
 * slow clients from blocking {@code /health/live}.
 */
final class ExchangeExecutor implements Executor, AutoCloseable {
    private final ExecutorService pool;
    private final ScheduledThreadPoolExecutor alarms;
    private final long timeoutNanos;

    ExchangeExecutor(int threads, Duration timeout) {
        this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "dmz-http"));
        this.alarms = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "dmz-http-deadline"));
        this.alarms.setRemoveOnCancelPolicy(true);
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> {
            Thread self = Thread.currentThread();
            Object guard = new Object();
            boolean[] finished = {false};
            ScheduledFuture<?> alarm = alarms.schedule(() -> {
                synchronized (guard) {
                    if (!finished[0]) {
                        self.interrupt();
                    }
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
            try {
                exchange.run();
            } finally {
                synchronized (guard) {
                    finished[0] = true;
                }
                alarm.cancel(false);
                Thread.interrupted(); // an alarm that fired at the very end must not hit the next exchange
            }
        });
    }

    @Override
    public void close() {
        alarms.shutdownNow();
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

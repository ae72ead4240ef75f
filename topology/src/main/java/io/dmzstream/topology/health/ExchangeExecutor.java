package io.dmzstream.topology.health;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's threads, with a deadline per exchange. The JDK server reads a request on the
 * thread it hands the exchange to, from the moment the connection is accepted, so a client that
 * sends its headers slowly (or never) holds a thread. Past the deadline the thread is
 * interrupted: its blocked socket read or write (an interruptible channel) fails and closes the
 * connection, and the thread serves the next exchange. Enough threads and the deadline keep a few
 * slow clients from blocking {@code /health/live}.
 *
 * <p>The pool grows a thread per exchange up to its bound and lets idle threads go after 30 s:
 * a burst of slow clients costs blocked threads (cheap), not a queue that the liveness probe waits
 * behind for several request timeouts. Past the bound, exchanges queue.
 */
final class ExchangeExecutor implements Executor, AutoCloseable {
    private final ExecutorService pool;
    private final ScheduledThreadPoolExecutor alarms;
    private final long timeoutNanos;

    ExchangeExecutor(int threads, Duration timeout) {
        // core = max with core time-out: a new thread for each exchange up to the bound, then a queue
        ThreadPoolExecutor threadPool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "dmz-http"));
        threadPool.allowCoreThreadTimeOut(true);
        this.pool = threadPool;
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

package io.dmzstream.topology.fault;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies. Record-specific failures never get here (they are dead
 * letters), so what does is a transient fault or one being counted towards poison: the thread is
 * replaced after a {@link Backoff}, and its replacement retries from the last commit. Failures no
 * retry can fix ({@link Faults#isFatal}) stop the instance instead, so it reports ERROR rather than
 * crash-looping. {@link #wake()} ends every back-off at once (the service is closing: a sleeping
 * handler would hold up Kafka Streams' close).
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacement.class);

    /** Waits; the stream thread runs this, so closing the service interrupts it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final Backoff backoff;
    private final Sleeper sleeper;
    private final LongSupplier clock;

    private final CountDownLatch closing = new CountDownLatch(1);

    public ThreadReplacement(Backoff backoff) {
        this.backoff = backoff;
        this.sleeper = ms -> closing.await(ms, TimeUnit.MILLISECONDS);
        this.clock = System::currentTimeMillis;
    }

    public ThreadReplacement(Backoff backoff, Sleeper sleeper, LongSupplier clock) {
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Ends the current and every later back-off (the service is closing). */
    public void wake() {
        closing.countDown();
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        if (Faults.isFatal(exception)) {
            LOG.error("stream thread died of a failure no retry can fix; stopping the instance", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long delay = backoff.nextDelayMs(clock.getAsLong());
        if (Faults.isTransient(exception)) {
            LOG.warn("stream thread died of a transient fault ({}); replacing it in {} ms",
                    Faults.rootCause(exception).toString(), delay);
        } else {
            LOG.error("stream thread died; replacing it in {} ms", delay, exception);
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}

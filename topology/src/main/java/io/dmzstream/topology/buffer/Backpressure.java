package io.dmzstream.topology.buffer;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The limits a batching processor waits on (images and latent commands alike), shared by every
 * task of one service instance:
 * <ul>
 *   <li>bytes in flight across the instance ({@code inflight.max.bytes}): what the decoded requests
 *       hold in memory; the count per task is {@link BatchingSettings#maxInFlight()};</li>
 *   <li>how long a stream thread may wait for capacity between two punctuations
 *       ({@code inflight.wait.max.ms}): past it, process() returns and lets the thread punctuate and
 *       commit, so a wait never keeps a transaction open past its timeout. The bounds may then be
 *       exceeded by the records the thread processes before its next punctuation.</li>
 * </ul>
 */
public final class Backpressure {
    /** Longest single wait on the head of a queue, so that a completion behind it is forwarded soon. */
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final long maxBytes;
    private final long maxWaitNanos;
    private final AtomicLong bytes = new AtomicLong();
    /** Waited since the thread's last punctuation; each stream thread has its own. */
    private final ThreadLocal<long[]> waited = ThreadLocal.withInitial(() -> new long[1]);

    public Backpressure(long maxBytes, Duration maxWait) {
        if (maxBytes < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("need maxBytes >= 1 and maxWait >= 0");
        }
        this.maxBytes = maxBytes;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** No byte bound; waits of at most a quarter of Kafka Streams' default transaction timeout. */
    public static Backpressure unbounded() {
        return new Backpressure(Long.MAX_VALUE, Duration.ofMillis(2500));
    }

    public void acquire(long n) {
        bytes.addAndGet(n);
    }

    public void release(long n) {
        bytes.addAndGet(-n);
    }

    public boolean overBytes() {
        return bytes.get() > maxBytes;
    }

    /** Bytes the instance's requests hold now. */
    public long inFlightBytes() {
        return bytes.get();
    }

    public long waitLeftNanos() {
        return maxWaitNanos - waited.get()[0];
    }

    public void waited(long nanos) {
        waited.get()[0] += nanos;
    }

    /** The calling thread punctuated: it may wait again. */
    public void punctuated() {
        waited.get()[0] = 0;
    }

    /**
     * The wait of one stream thread for capacity: while {@code over} holds, forward what completed
     * ({@code forward}), then wait on the task's oldest in-flight request ({@code head}) in short
     * slices, until the thread's wait budget is spent.
     *
     * @return true when capacity is free again; false when the budget ran out first, and the caller
     *         should return so that its thread can punctuate and commit
     */
    public boolean await(BooleanSupplier over, Runnable forward, Supplier<? extends Future<?>> head) {
        while (over.getAsBoolean()) {
            forward.run();
            if (!over.getAsBoolean()) {
                return true;
            }
            long left = waitLeftNanos();
            if (left <= 0) {
                return false;
            }
            long t0 = System.nanoTime();
            try {
                head.get().get(Math.min(left, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // completed exceptionally or still running: the caller's forward decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("interrupted while waiting for in-flight requests", e);
            } finally {
                waited(System.nanoTime() - t0);
            }
        }
        return true;
    }
}

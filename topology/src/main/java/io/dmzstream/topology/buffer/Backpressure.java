package io.dmzstream.topology.buffer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
}

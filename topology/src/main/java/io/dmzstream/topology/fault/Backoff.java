package io.dmzstream.topology.fault;

import java.time.Duration;

/**
 * Exponential back-off between retries: {@code initial}, doubling up to {@code max}; a quiet
 * spell of {@code 4 * max} without failures starts again from {@code initial}. Thread-safe.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;
    private long lastFailureMs = Long.MIN_VALUE;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + ", " + max);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.nextMs = initialMs;
    }

    /** The delay before the retry of a failure that happened at {@code nowMs}. */
    public synchronized long nextDelayMs(long nowMs) {
        if (lastFailureMs != Long.MIN_VALUE && nowMs - lastFailureMs > 4 * maxMs) {
            nextMs = initialMs;
        }
        lastFailureMs = nowMs;
        long delay = nextMs;
        nextMs = Math.min(maxMs, Math.max(1, nextMs * 2));
        return delay;
    }
}

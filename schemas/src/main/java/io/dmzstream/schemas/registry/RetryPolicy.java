package io.dmzstream.schemas.registry;

import java.time.Duration;

/**
 * Bounded exponential backoff: attempt 0 is the first call, retries 1..maxRetries wait
 * {@code min(maxBackoffMs, backoffMs * 2^(retry-1))} before they run.
 */
record RetryPolicy(int maxRetries, long backoffMs, long maxBackoffMs) {

    public RetryPolicy {
        if (maxRetries < 0 || backoffMs < 0 || maxBackoffMs < 0) {
            throw new IllegalArgumentException("retry settings must not be negative");
        }
    }

    static RetryPolicy none() {
        return new RetryPolicy(0, 0, 0);
    }

    int maxAttempts() {
        return maxRetries + 1;
    }

    /** Wait before retry number {@code retry} (1-based). */
    Duration backoffBefore(int retry) {
        if (retry <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(retry - 1, 30); // keeps the shift from overflowing
        long delay = backoffMs << shift;
        if (delay < 0 || delay > maxBackoffMs) {
            delay = maxBackoffMs;
        }
        return Duration.ofMillis(delay);
    }
}

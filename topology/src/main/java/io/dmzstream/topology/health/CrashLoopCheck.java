package io.dmzstream.topology.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Readiness: down while stream threads are crash-looping. Kafka Streams replaces a thread that
 * died and the new one resumes where the old one failed, so a record that kills its thread every
 * time keeps the instance RUNNING while its partition makes no progress. The uncaught-exception
 * handler reports each replacement here; {@code threshold} replacements within {@code window}
 * is a crash loop.
 */
public final class CrashLoopCheck implements HealthCheck {
    private static final int MAX_REASON = 300;

    private final long windowNanos;
    private final int threshold;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Long> replacements = new ArrayDeque<>();
    private String last = "";

    public CrashLoopCheck(Duration window, int threshold) {
        this(window, threshold, System::nanoTime);
    }

    CrashLoopCheck(Duration window, int threshold, LongSupplier nanoTime) {
        if (threshold < 1) {
            throw new IllegalArgumentException("crash-loop threshold must be >= 1");
        }
        this.windowNanos = window.toNanos();
        this.threshold = threshold;
        this.nanoTime = nanoTime;
    }

    /** A stream thread died of {@code cause} and is being replaced. */
    public synchronized void threadReplaced(Throwable cause) {
        replacements.addLast(nanoTime.getAsLong());
        last = describe(cause);
        prune();
    }

    /** Replacements within the window. */
    public synchronized int recentReplacements() {
        prune();
        return replacements.size();
    }

    @Override
    public synchronized HealthStatus check() {
        prune();
        if (replacements.size() >= threshold) {
            return HealthStatus.down("stream threads crash-looping: replaced " + replacements.size() + " times in "
                    + windowNanos / 1_000_000_000 + " s (last: " + last + ")");
        }
        return HealthStatus.up("no crash loop");
    }

    private void prune() {
        long now = nanoTime.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > windowNanos) {
            replacements.pollFirst();
        }
    }

    /** The task (when Kafka Streams names it) and the innermost cause, briefly. */
    private static String describe(Throwable cause) {
        String task = cause instanceof StreamsException se && se.taskId().isPresent() ? "task " + se.taskId().get() + ": " : "";
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = task + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}

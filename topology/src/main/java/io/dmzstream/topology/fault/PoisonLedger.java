package io.dmzstream.topology.fault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts, per input record position, how often processing that record failed the same way (same
 * {@link Faults#signature}). A record that reached {@code maxFailures} is poison: the next attempt
 * dead-letters it (stage {@code poison}) instead of processing it, so its partition moves on.
 *
 * <p>Failures kill the stream thread, and its replacement reads the same record again; the ledger
 * lives as long as the instance, so it sees every attempt this instance makes. It is shared by all
 * stream threads (thread-safe) and bounded: the oldest positions are forgotten first.
 */
public final class PoisonLedger {
    /** Streams property under which the instance's ledger travels to the handlers and processors. */
    public static final String CONFIG = "dmz.poison.ledger";
    static final int MAX_POSITIONS = 10_000;

    /** The failures of one record so far. */
    public record Failure(String signature, String exception, String message, int count) {
    }

    private final int maxFailures;
    private final Map<RecordPosition, Failure> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordPosition, Failure> eldest) {
            return size() > MAX_POSITIONS;
        }
    };

    public PoisonLedger(int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1");
        }
        this.maxFailures = maxFailures;
    }

    /** The instance's ledger from the streams properties, or a fresh one (a processor or handler used alone). */
    public static PoisonLedger from(Map<String, ?> configs, int defaultMaxFailures) {
        return configs.get(CONFIG) instanceof PoisonLedger l ? l : new PoisonLedger(defaultMaxFailures);
    }

    /** Records one failure; a different way of failing starts the count again. @return the count */
    public synchronized int recordFailure(RecordPosition position, Throwable error) {
        String signature = Faults.signature(error);
        Throwable root = Faults.rootCause(error);
        Failure before = failures.get(position);
        int count = before != null && before.signature().equals(signature) ? before.count() + 1 : 1;
        failures.put(position, new Failure(signature, root.getClass().getName(), String.valueOf(root.getMessage()), count));
        return count;
    }

    /** The record's failures when it has failed the same way {@code maxFailures} times. */
    public synchronized Optional<Failure> poisoned(RecordPosition position) {
        Failure f = failures.get(position);
        return f != null && f.count() >= maxFailures ? Optional.of(f) : Optional.empty();
    }

    /** Forgets a record (it got its outcome). */
    public synchronized void clear(RecordPosition position) {
        failures.remove(position);
    }

    public int maxFailures() {
        return maxFailures;
    }

    synchronized int size() {
        return failures.size();
    }
}

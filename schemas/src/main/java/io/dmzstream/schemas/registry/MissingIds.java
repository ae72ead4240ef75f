package io.dmzstream.schemas.registry;

import java.util.Optional;

/**
 * Schema ids the registry said it does not have, remembered for a while so that records naming
 * them fail at once instead of each costing a registry call. Bounded in size and time: an id that
 * is registered later (or was missing only on a lagging replica) is asked about again after the TTL.
 */
final class MissingIds {

    /** What the registry answered, to repeat it. */
    record Answer(String message, int errorCode, long expiresAtNanos) {
    }

    private final BoundedCache<Integer, Answer> answers;
    private final long ttlNanos;
    private final Ticker ticker;

    /** @param ttlSeconds 0 disables the cache */
    MissingIds(int capacity, long ttlSeconds, Ticker ticker) {
        this.answers = new BoundedCache<>(capacity);
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.ticker = ticker;
    }

    void remember(int id, SchemaRegistryException notFound) {
        if (ttlNanos > 0) {
            answers.put(id, new Answer(notFound.getMessage(), notFound.errorCode(), ticker.nanoTime() + ttlNanos));
        }
    }

    Optional<Answer> recall(int id) {
        Answer answer = answers.getIfPresent(id);
        if (answer == null) {
            return Optional.empty();
        }
        if (ticker.nanoTime() - answer.expiresAtNanos() >= 0) {
            answers.remove(id, answer);
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    void clear() {
        answers.clear();
    }
}

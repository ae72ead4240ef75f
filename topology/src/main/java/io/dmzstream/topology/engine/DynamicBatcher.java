package io.dmzstream.topology.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Triton-style dynamic batching: items wait in a FIFO per key (items of one key can share a model
 * call); a batch is ready when {@code maxBatch} items wait or the oldest has waited
 * {@code maxDelay}. Not thread-safe: the {@link Scheduler} guards it.
 *
 * @param <T> queued item
 */
final class DynamicBatcher<T> {
    private record Waiting<T>(T item, long enqueuedNanos) {
    }

    private final Map<String, ArrayDeque<Waiting<T>>> queues = new LinkedHashMap<>();
    private final long maxDelayNanos;
    private final Predicate<T> abandoned;
    private final LongConsumer waited;
    private int size;

    /** @param waited told how long each item that leaves for the device waited, in ns */
    DynamicBatcher(long maxDelayNanos, Predicate<T> abandoned, LongConsumer waited) {
        this.maxDelayNanos = maxDelayNanos;
        this.abandoned = abandoned;
        this.waited = waited;
    }

    void add(String key, T item, long nowNanos) {
        queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Waiting<>(item, nowNanos));
        size++;
    }

    int size() {
        return size;
    }

    /**
     * Takes a ready batch of at most {@code maxBatch} items (full ones first, else the key whose head
     * has waited longest past the delay), or null when none is ready. Abandoned items are dropped.
     */
    Batch<T> poll(long nowNanos, int maxBatch) {
        String chosen = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<String, ArrayDeque<Waiting<T>>> e : queues.entrySet()) {
            ArrayDeque<Waiting<T>> q = e.getValue();
            dropAbandonedHead(q);
            if (q.isEmpty()) {
                continue;
            }
            if (q.size() >= maxBatch) {
                chosen = e.getKey();
                break;
            }
            long enq = q.peekFirst().enqueuedNanos();
            if (nowNanos - enq >= maxDelayNanos && enq < oldest) {
                oldest = enq;
                chosen = e.getKey();
            }
        }
        return chosen == null ? null : take(chosen, maxBatch, nowNanos);
    }

    /** Takes up to {@code max} items regardless of readiness, oldest key first (continuous admission). */
    List<T> takeAny(int max, long nowNanos) {
        List<T> out = new ArrayList<>();
        while (out.size() < max) {
            String key = oldestKey();
            if (key == null) {
                break;
            }
            out.addAll(take(key, max - out.size(), nowNanos).items());
        }
        return out;
    }

    /** When the next batch becomes ready by delay, in System.nanoTime() units; Long.MAX_VALUE when empty. */
    long nextDeadline() {
        long best = Long.MAX_VALUE;
        for (ArrayDeque<Waiting<T>> q : queues.values()) {
            if (!q.isEmpty()) {
                best = Math.min(best, q.peekFirst().enqueuedNanos() + maxDelayNanos);
            }
        }
        return best;
    }

    /** Removes and returns every waiting item (shutdown). */
    List<T> drain() {
        List<T> all = new ArrayList<>();
        queues.values().forEach(q -> q.forEach(w -> all.add(w.item())));
        queues.clear();
        size = 0;
        return all;
    }

    private String oldestKey() {
        String key = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<String, ArrayDeque<Waiting<T>>> e : queues.entrySet()) {
            dropAbandonedHead(e.getValue());
            Waiting<T> head = e.getValue().peekFirst();
            if (head != null && head.enqueuedNanos() < oldest) {
                oldest = head.enqueuedNanos();
                key = e.getKey();
            }
        }
        return key;
    }

    private Batch<T> take(String key, int max, long nowNanos) {
        ArrayDeque<Waiting<T>> q = queues.get(key);
        List<T> items = new ArrayList<>(Math.min(max, q.size()));
        while (items.size() < max && !q.isEmpty()) {
            Waiting<T> w = q.pollFirst();
            size--;
            if (!abandoned.test(w.item())) {
                items.add(w.item());
                waited.accept(Math.max(0, nowNanos - w.enqueuedNanos()));
            }
        }
        if (q.isEmpty()) {
            queues.remove(key);
        }
        return new Batch<>(key, items);
    }

    private void dropAbandonedHead(ArrayDeque<Waiting<T>> q) {
        while (!q.isEmpty() && abandoned.test(q.peekFirst().item())) {
            q.pollFirst();
            size--;
        }
    }

    record Batch<T>(String key, List<T> items) {
    }
}

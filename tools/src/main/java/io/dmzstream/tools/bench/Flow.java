package io.dmzstream.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests a closed-loop load keeps outstanding: a send takes room, a completion gives it back.
 * Completions are counted, not matched: the stream's outputs arrive on another thread.
 */
final class Flow {
    private final int capacity;
    private final Semaphore room;
    private final AtomicLong completed = new AtomicLong();
    private volatile long lastCompletionNanos = System.nanoTime();
    private volatile Throwable failure;
    /** (send time, latency) in ms of each completion whose send time is known. */
    private final List<long[]> latencies = new ArrayList<>();

    Flow(int capacity) {
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
    }

    /** Waits up to {@code millis} for room for one more request. */
    boolean take(long millis) throws InterruptedException {
        return room.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    void completed(int n) {
        completed.addAndGet(n);
        lastCompletionNanos = System.nanoTime();
        room.release(n);
    }

    /** A completion of a request sent at {@code sentAtMs} (epoch ms), arrived at {@code doneAtMs}. */
    void completed(long sentAtMs, long doneAtMs) {
        synchronized (latencies) {
            latencies.add(new long[]{sentAtMs, doneAtMs - sentAtMs});
        }
        completed(1);
    }

    /** Latencies (ms) of the requests sent in [fromMs, toMs). */
    long[] latencies(long fromMs, long toMs) {
        synchronized (latencies) {
            return latencies.stream().filter(l -> l[0] >= fromMs && l[0] < toMs).mapToLong(l -> l[1]).toArray();
        }
    }

    /** A request failed: the measurement stops and says why. */
    void failed(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        completed(1);
    }

    /** Throws the first failure, if any. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("a benchmark request failed: " + failure.getMessage(), failure);
        }
    }

    long completed() {
        return completed.get();
    }

    long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    int capacity() {
        return capacity;
    }
}

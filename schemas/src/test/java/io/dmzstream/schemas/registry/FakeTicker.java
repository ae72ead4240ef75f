package io.dmzstream.schemas.registry;

import java.util.concurrent.atomic.AtomicLong;

/** Test time: stands still until someone sleeps (or the test advances it), and counts the sleeping. */
final class FakeTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleepNanos(long nanos) {
        if (nanos > 0) {
            slept.addAndGet(nanos);
            now.addAndGet(nanos);
        }
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1_000_000_000L);
    }

    long sleptNanos() {
        return slept.get();
    }
}

package io.dmzstream.schemas.registry;

/**
 * Token bucket for registry calls about schema ids the client has not seen: at most
 * {@code perSecond} calls a second on average, bursts of up to {@code perSecond}. A stream of
 * records naming random ids therefore costs the registry a bounded rate; the caller waits instead.
 */
final class LookupThrottle {

    private final Ticker ticker;
    private final double permitsPerNano;
    private final double burst;
    private double available;
    private long refilledAt;

    LookupThrottle(int perSecond, Ticker ticker) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.ticker = ticker;
        this.permitsPerNano = perSecond / 1e9;
        this.burst = perSecond;
        this.available = perSecond;
        this.refilledAt = ticker.nanoTime();
    }

    /** Takes one permit, waiting for it if the bucket is empty. */
    void acquire() throws InterruptedException {
        ticker.sleepNanos(reserve());
    }

    /** Takes a permit now (the bucket may go negative: later callers queue behind) and says how long to wait for it. */
    private synchronized long reserve() {
        long now = ticker.nanoTime();
        available = Math.min(burst, available + (now - refilledAt) * permitsPerNano);
        refilledAt = now;
        available -= 1;
        return available >= 0 ? 0 : (long) Math.ceil(-available / permitsPerNano);
    }
}

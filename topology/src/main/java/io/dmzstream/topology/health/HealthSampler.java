package io.dmzstream.topology.health;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a health check's inputs every second, so that "no progress for N s" is measured from
 * when it started, not from the first probe that happened to look.
 */
public final class HealthSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthSampler.class);

    private final ScheduledExecutorService executor;

    private HealthSampler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static HealthSampler start(Runnable sample) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dmz-health-sampler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                sample.run();
            } catch (RuntimeException e) {
                LOG.debug("health sample failed", e); // e.g. streams not started yet; the next one retries
            }
        }, 1, 1, TimeUnit.SECONDS);
        return new HealthSampler(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

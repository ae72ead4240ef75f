package io.dmzstream.topology.fault;

import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.topology.health.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the instance does while the schema registry cannot be used. A task failed on it (a record
 * with a schema id not cached yet, a schema to register): the record is fine and is read again
 * later, but replacing its stream thread every back-off until the registry is back would rebalance
 * the group each time. So the instance pauses instead ({@code KafkaStreams#pause}: the consumers keep
 * polling and stay in the group, nothing is processed), {@link #sample()} asks the registry (on a
 * sampler thread of its own: one probe may take the client's whole retry budget), and the instance
 * resumes once it answers. Readiness names the registry meanwhile.
 */
public final class RegistryOutage {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);
    private static final int MAX_REASON = 300;

    /** Asks the registry; throws {@link RegistryUnavailableException} while it cannot be used. */
    @FunctionalInterface
    public interface Probe {
        void probe();
    }

    private final Probe probe;
    private final Runnable pause;
    private final Runnable resume;
    private String outage;
    private long failures;

    /**
     * @param pause  stops processing (and keeps polling)
     * @param resume processes again
     */
    public RegistryOutage(Probe probe, Runnable pause, Runnable resume) {
        this.probe = probe;
        this.pause = pause;
        this.resume = resume;
    }

    /** A task failed because the registry could not be used: pause until it answers. */
    public synchronized void failed(RegistryUnavailableException failure) {
        if (outage == null) {
            LOG.warn("pausing processing until the schema registry answers: {}", failure.getMessage());
            pause.run();
        }
        outage = describe(failure);
        failures++;
    }

    /** While paused for the registry, probes it; resumes once it answers. */
    public void sample() {
        long seen;
        synchronized (this) {
            if (outage == null) {
                return;
            }
            seen = failures;
        }
        try {
            probe.probe();
        } catch (RegistryUnavailableException e) {
            synchronized (this) {
                outage = describe(e);
            }
            return;
        }
        synchronized (this) {
            if (failures == seen) { // no task failed on the registry while the probe ran
                outage = null;
                LOG.info("the schema registry answers again; resuming processing");
                resume.run();
            }
        }
    }

    /** Readiness: down while paused for the registry. */
    public synchronized HealthStatus health() {
        return outage == null ? HealthStatus.up("schema registry usable")
                : HealthStatus.down("schema registry unavailable, processing paused until it answers: " + outage);
    }

    /** The exception's own message: it names the registry by its URL without credentials. */
    private static String describe(RegistryUnavailableException failure) {
        String text = String.valueOf(failure.getMessage());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}

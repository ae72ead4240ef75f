package io.dmzstream.topology.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drives one device: takes work from the {@link Scheduler} and runs it with
 * this device's models. Keeping one thread per device serialises model calls on the device, as a
 * GPU stream would, and lets batches grow instead of competing calls.
 */
final class DeviceWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);

    final Device device;
    final ModelCatalog catalog;
    final DecodeLane decode;
    private final Scheduler scheduler;
    private final Thread thread;
    /** Round-robin position over the lanes; only touched under the scheduler's lock. */
    int nextLane;

    DeviceWorker(Device device, ModelCatalog catalog, Scheduler scheduler, EngineSettings settings, EngineStats stats,
                 EngineListener listener) {
        this.device = device;
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.decode = new DecodeLane(catalog, settings.sampler(), stats, listener);
        this.thread = new Thread(this, "dmz-device-" + device);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            Runnable work;
            while ((work = scheduler.next(this)) != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // lanes fail their own jobs; anything reaching here is a bug, and the worker must survive it
                    LOG.error("device worker {} hit an unexpected error", device, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            decode.abandonAll(new EngineClosedException());
        }
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}

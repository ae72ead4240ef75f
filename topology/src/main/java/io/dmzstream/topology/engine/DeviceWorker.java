package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.DmzModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drives one device: takes work from the {@link Scheduler} and runs it with
 * this device's models. Keeping one thread per device serialises model calls on the device, as a
 * GPU stream would, and lets batches grow instead of competing calls.
 *
 * <p>The worker survives anything its work throws. Lanes fail their own poison rows; whatever
 * else escapes a call (an {@link Error} such as OutOfMemoryError, a bug) is a device fault: the
 * call's jobs fail with {@link DeviceUnavailableException}, which the engine runs again, and the
 * device's {@link CircuitBreaker} opens. The {@link CallWatchdog} does the same for a call that
 * hangs, and marks the worker stuck until the call returns.
 *
 * <p>Model calls go through the worker's own {@link DevicePredictors}, opened once per model and
 * closed when the worker stops: nothing is opened per batch or per decode tick.
 */
final class DeviceWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);
    private static final int MAX_REASON = 300;

    /** The work running now and when it started; timedOut once the watchdog gave up on it. */
    private record Call(Work work, long startedNanos, AtomicBoolean timedOut) {
    }

    final Device device;
    final ModelCatalog catalog;
    final DecodeLane decode;
    final CircuitBreaker circuit;
    /** This worker's predictors: every model call of its lanes goes through them. */
    final DevicePredictors predictors = new DevicePredictors();
    private final Scheduler scheduler;
    private final EngineStats stats;
    private final EngineListener listener;
    private final Thread thread;
    private volatile Call current;
    /** Round-robin position over the lanes; only touched under the scheduler's lock. */
    int nextLane;

    DeviceWorker(Device device, ModelCatalog catalog, Scheduler scheduler, EngineSettings settings, EngineStats stats,
                 EngineListener listener) {
        this.device = device;
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.stats = stats;
        this.listener = listener;
        this.circuit = new CircuitBreaker(device, settings.circuitBackoff().toNanos(),
                settings.circuitBackoffMax().toNanos());
        this.decode = new DecodeLane(catalog, settings.sampler(), stats, listener, this);
        this.thread = new Thread(this, "dmz-device-" + device);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (true) {
            Work work;
            try {
                work = scheduler.next(this);
            } catch (InterruptedException e) {
                // nobody interrupts a worker to stop it (the scheduler does); a model may leave the flag set
                continue;
            } catch (Throwable t) {
                LOG.error("device worker {} could not take work; retrying", device, t);
                pause();
                continue;
            }
            if (work == null) {
                break;
            }
            run(work);
        }
        decode.abandonAll(new EngineClosedException());
        predictors.close();
    }

    private void run(Work work) {
        Call call = new Call(work, System.nanoTime(), new AtomicBoolean());
        current = call;
        try {
            work.action().run();
        } catch (Throwable t) {
            LOG.error("device worker {}: {} call failed with {}; its requests will run again", device,
                    work.lane().tag(), t.toString(), t);
            if (!call.timedOut().get()) {
                fault(work.jobs(), "error", work.lane().tag() + " call threw " + t, t);
            }
            if (work.lane() == Lane.DECODE) {
                // the lane may be half-way through a tick: start its trajectories afresh
                decode.abandonAll(new DeviceUnavailableException(device, "decode call threw " + t, t));
            }
        } finally {
            current = null;
            if (call.timedOut().get()) {
                LOG.warn("device worker {}: the {} call the watchdog gave up on returned after {} ms; serving again",
                        device, work.lane().tag(), (System.nanoTime() - call.startedNanos()) / 1_000_000);
            }
        }
    }

    /**
     * Tells the circuit how a lane's batch went: a device fault fails the batch's jobs retriably
     * and opens the circuit; anything else means the device answered.
     */
    void outcome(Lane lane, List<Job> jobs, Optional<RuntimeException> deviceFailure) {
        if (deviceFailure.isPresent()) {
            RuntimeException e = deviceFailure.get();
            LOG.warn("device worker {}: {} call failed for every row and for a blank probe: {}", device, lane.tag(),
                    e.toString());
            fault(jobs, "batch", lane.tag() + " call failed for every row and for a blank probe: " + e, e);
        } else {
            circuit.success();
        }
    }

    /** Tries the device with a blank input to its first model: closes the circuit, or opens it again. */
    void probe() {
        DmzModel model = catalog.models().values().iterator().next();
        try {
            predictors.of(model).encode(new float[][] {new float[model.info().pixels()]});
            circuit.success();
        } catch (RuntimeException e) {
            fault(List.of(), "batch", "probe of an idle device failed: " + e, e);
        }
    }

    /** Called by the watchdog: gives up on a call that has run longer than {@code timeoutNanos}. */
    void checkTimeout(long nowNanos, long timeoutNanos) {
        Call call = current;
        if (call == null || nowNanos - call.startedNanos() < timeoutNanos || !call.timedOut().compareAndSet(false, true)) {
            return;
        }
        String why = call.work().lane().tag() + " call has run for " + (nowNanos - call.startedNanos()) / 1_000_000
                + " ms (inference.call.timeout.ms " + timeoutNanos / 1_000_000 + ")";
        LOG.error("device worker {}: {}; its {} requests will run again once the device answers. The thread is "
                + "left in the call (Java cannot stop it safely); if every worker is stuck, liveness goes down",
                device, why, call.work().jobs().size());
        fault(call.work().jobs(), "timeout", why, null);
    }

    private void fault(List<Job> jobs, String kind, String reason, Throwable cause) {
        // model errors can be pages long (TensorFlow's are): health reasons stay readable, the log has it all
        String why = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
        circuit.fault(why, System.nanoTime());
        stats.deviceFaults.increment();
        listener.deviceFault(device, kind);
        DeviceUnavailableException retry = new DeviceUnavailableException(device, why, cause);
        jobs.forEach(job -> job.fail(retry));
    }

    DeviceStatus status() {
        boolean alive = thread.isAlive();
        Call call = current;
        boolean stuck = call != null && call.timedOut().get();
        CircuitBreaker.State state = circuit.state();
        String reason;
        if (!alive) {
            reason = "device worker " + device + " is not running";
        } else if (stuck) {
            reason = "device " + device + ": " + call.work().lane().tag() + " call stuck for "
                    + (System.nanoTime() - call.startedNanos()) / 1_000_000 + " ms";
        } else if (state != CircuitBreaker.State.CLOSED) {
            reason = "device " + device + ": circuit " + state + " (" + circuit.reason() + ")";
        } else {
            reason = "device " + device + " serving";
        }
        return new DeviceStatus(device, alive, stuck, state, reason);
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            // keep the worker going; the scheduler says when to stop
        }
    }
}

package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference engine of one service instance, shared by all its tasks and stream threads.
 *
 * <p>{@link #submit} is non-blocking and thread-safe: the request joins the encode lane's dynamic
 * batcher, then (as asked) the transfer and decode lanes; its future completes when every product
 * is ready, or exceptionally with an {@link InferenceException} (the request cannot be served) or
 * an {@link EngineClosedException} (shutdown; not an outcome). One {@link DeviceWorker} per
 * configured device drains the lanes. Cancelling a future drops the request's remaining work.
 *
 * <p>Device faults are not outcomes either: a batch that fails for every row and for a blank probe,
 * a call that throws an Error or one that hangs past the call timeout opens the device's
 * {@link CircuitBreaker} and its requests run again (a {@link Submission} per request), so an
 * outage delays requests instead of failing them. {@link #deviceStatus()} says how each device is.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceEngine.class);

    private final EngineSettings settings;
    private final EngineStats stats = new EngineStats();
    private final Scheduler scheduler;
    private final List<DeviceWorker> workers = new ArrayList<>();
    private final List<ModelCatalog> catalogs = new ArrayList<>();
    private final CallWatchdog watchdog;

    private InferenceEngine(EngineSettings settings, ModelSource source, EngineListener listener) {
        this.settings = settings;
        EngineListener guarded = new GuardedListener(listener);
        this.scheduler = new Scheduler(settings, stats, guarded);
        Set<ModelCatalog> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Device device : settings.devices()) {
            ModelCatalog catalog = source.open(device);
            if (distinct.add(catalog)) {
                catalogs.add(catalog);
            }
            workers.add(new DeviceWorker(device, catalog, scheduler, settings, stats, guarded));
        }
        this.watchdog = new CallWatchdog(workers, settings.callTimeout());
    }

    /** Opens the models on every device and starts one worker per device. */
    public static InferenceEngine start(EngineSettings settings, ModelSource source) {
        return start(settings, source, EngineListener.NONE);
    }

    /** As {@link #start(EngineSettings, ModelSource)}, reporting batches, queue waits and codes to {@code listener}. */
    public static InferenceEngine start(EngineSettings settings, ModelSource source, EngineListener listener) {
        InferenceEngine engine = new InferenceEngine(settings, source, listener);
        engine.workers.forEach(DeviceWorker::start);
        engine.watchdog.start();
        LOG.info("inference engine started on {} ({} domains, batch {}, delay {} ms, decode {} x{})",
                settings.devices(), engine.catalog().domains().size(), settings.maxBatchSize(),
                settings.maxQueueDelay().toMillis(), settings.decodeMode(), settings.decodeSlots());
        return engine;
    }

    public CompletableFuture<InferenceResult> submit(InferenceRequest request) {
        Submission submission = new Submission(request, stats, scheduler::enqueueEncode);
        stats.inFlight.increment();
        submission.result.whenComplete((result, error) -> stats.inFlight.decrement());
        ModelCatalog catalog = catalog();
        if (!catalog.domains().contains(request.domain())) {
            reject(submission, new InferenceException("encode", "no model for domain '" + request.domain() + "'", null));
        } else if (request.image().length != catalog.info(request.domain()).pixels()) {
            // refused here, not in a batch it would fail for its batch-mates
            ModelInfo m = catalog.info(request.domain());
            reject(submission, new InferenceException("encode", "image has " + request.image().length + " values; "
                    + m.id() + " takes " + m.width() + "x" + m.height() + "x" + m.channels() + " = " + m.pixels(), null));
        } else if (request.wants(Product.TRANSFER)
                && catalog.bridge(request.domain(), request.targetDomain()).isEmpty()) {
            reject(submission, new InferenceException("transfer",
                    "no bridge " + ModelCatalog.bridgeKey(request.domain(), request.targetDomain()), null));
        } else {
            submission.start();
        }
        return submission.result;
    }

    /**
     * Decodes a given code with the domain's model in K steps (a latent command's sample): the
     * request goes straight to the decode lane, batched with every other decode. Non-blocking; the
     * result's {@code reconstruction()} is the decode.
     *
     * @param code hard bits of the model's code size
     */
    public CompletableFuture<InferenceResult> decode(String domain, float[] code, int steps, long seed) {
        InferenceRequest request = InferenceRequest.sample(domain, steps, seed);
        float[] bits = code.clone();
        Submission submission = new Submission(request, stats,
                job -> scheduler.enqueueDecode(new DecodeItem(job, domain, bits, null)));
        stats.inFlight.increment();
        submission.result.whenComplete((result, error) -> stats.inFlight.decrement());
        ModelCatalog catalog = catalog();
        if (!catalog.domains().contains(domain)) {
            reject(submission, new InferenceException("decode", "no model for domain '" + domain + "'", null));
        } else if (bits.length != catalog.info(domain).bits()) {
            reject(submission, new InferenceException("decode", "code has " + bits.length + " bits; "
                    + catalog.info(domain).id() + " takes " + catalog.info(domain).bits(), null));
        } else {
            submission.start();
        }
        return submission.result;
    }

    /** The learned code prior of a domain's model, when the model folder has one. */
    public Optional<CodePrior> prior(String domain) {
        return catalog().prior(domain);
    }

    private void reject(Submission submission, InferenceException e) {
        if (submission.result.completeExceptionally(e)) {
            stats.failed.increment();
        }
    }

    /** The models of the first device: what validation checks requests against. */
    public ModelCatalog catalog() {
        return catalogs.get(0);
    }

    public ModelInfo info(String domain) {
        return catalog().info(domain);
    }

    public EngineSettings settings() {
        return settings;
    }

    public EngineStats stats() {
        return stats;
    }

    /** The models served (those of the first device; every device serves the same set). */
    public List<ModelInfo> models() {
        return catalog().models().values().stream().map(DmzModel::info).toList();
    }

    /** Requests waiting in a lane's queue. */
    public int queueDepth(Lane lane) {
        return scheduler.queueDepth(lane);
    }

    /** Submitted requests not yet completed, failed or cancelled. */
    public long inFlight() {
        return stats.inFlight();
    }

    /** True from start until {@link #close()}: the models are loaded and workers take requests. */
    public boolean running() {
        return scheduler.running();
    }

    /** Each device worker: alive, stuck in a call, its circuit. */
    public List<DeviceStatus> deviceStatus() {
        return workers.stream().map(DeviceWorker::status).toList();
    }

    /**
     * Stops the workers (finishing the model call in progress, waiting at most 30 s for a hung
     * one), fails what is left with EngineClosedException, closes the models.
     */
    @Override
    public void close() {
        if (!scheduler.running()) {
            return;
        }
        List<Job> left = scheduler.stop();
        watchdog.close();
        for (DeviceWorker worker : workers) {
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        EngineClosedException closed = new EngineClosedException();
        left.forEach(job -> job.fail(closed));
        catalogs.forEach(ModelCatalog::close);
        LOG.info("inference engine closed: {}", stats);
    }
}

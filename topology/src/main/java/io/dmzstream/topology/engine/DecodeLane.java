package io.dmzstream.topology.engine;

import io.dmzstream.model.sampler.DecodeTick;
import io.dmzstream.model.sampler.Denoiser;
import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.sampler.Trajectory;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzPredictor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's decode slots: the active trajectories and the tick that advances them.
 *
 * <p>A tick runs the model module's {@link DecodeTick} once per model over all its active
 * trajectories (ONE denoiser forward, through the worker's predictor, each trajectory at its own
 * timestep), then retires the finished ones. Requests with different K therefore share the
 * device; what admits new trajectories between ticks (continuous) or only when all are done
 * (static) is the {@link Scheduler}'s choice. A failing tick goes through {@link BatchTriage} per model. Owned by
 * one worker thread: not thread-safe.
 */
final class DecodeLane {
    private record Active(DecodeItem item, DmzModel model, Sampler sampler, Trajectory trajectory) {
    }

    private final ModelCatalog catalog;
    private final SamplerKind samplerKind;
    private final EngineStats stats;
    private final EngineListener listener;
    private final DeviceWorker worker;
    private final List<Active> active = new ArrayList<>();
    /** By model: a sampler depends only on the model's schedule and shape (and the engine's sampler kind). */
    private final Map<DmzModel, Sampler> samplers = new IdentityHashMap<>();

    DecodeLane(ModelCatalog catalog, SamplerKind samplerKind, EngineStats stats, EngineListener listener,
               DeviceWorker worker) {
        this.catalog = catalog;
        this.samplerKind = samplerKind;
        this.stats = stats;
        this.listener = listener;
        this.worker = worker;
    }

    int active() {
        return active.size();
    }

    /** The jobs of the active trajectories. */
    List<Job> activeJobs() {
        return active.stream().map(a -> a.item().job()).toList();
    }

    void admit(List<DecodeItem> items) {
        for (DecodeItem item : items) {
            try {
                DmzModel model = catalog.model(item.domain());
                Sampler sampler = samplers.computeIfAbsent(model, m -> m.sampler(samplerKind));
                InferenceRequest r = item.job().request;
                active.add(new Active(item, model, sampler, sampler.start(item.code(), r.steps(), r.seed())));
            } catch (RuntimeException e) {
                item.job().fail(new InferenceException("decode", "cannot start decode: " + e.getMessage(), e));
            }
        }
    }

    /** Advances every active trajectory by one step. */
    void tick() {
        active.removeIf(a -> a.item().job().abandoned());
        Map<DmzModel, List<Active>> byModel = new LinkedHashMap<>();
        for (Active a : active) {
            byModel.computeIfAbsent(a.model(), m -> new ArrayList<>()).add(a);
        }
        for (Map.Entry<DmzModel, List<Active>> group : byModel.entrySet()) {
            DmzModel model = group.getKey();
            List<Active> rows = group.getValue();
            DmzPredictor predictor = worker.predictors.of(model);
            DecodeTick tick = new DecodeTick(rows.get(0).sampler(), timed(predictor));
            Trajectory first = rows.get(0).trajectory();
            int pixels = first.x().length;
            int bits = first.code().length;
            int t = first.timestep();
            // a device fault fails the group's jobs retriably: they are abandoned, and dropped below
            worker.outcome(Lane.DECODE, rows.stream().map(a -> a.item().job()).toList(), BatchTriage.run(rows,
                    part -> tick.run(part.stream().map(Active::trajectory).toList()),
                    () -> predictor.denoise(new float[][] {new float[pixels]}, new int[] {t}, new float[][] {new float[bits]}),
                    (a, e) -> a.item().job().fail(new InferenceException("decode", "denoise failed: " + e.getMessage(), e))));
        }
        retireFinished();
    }

    /** Fails every active trajectory (shutdown). */
    void abandonAll(Throwable reason) {
        active.forEach(a -> a.item().job().fail(reason));
        active.clear();
    }

    /** The predictor's denoise, timed and counted as one decode batch. */
    private Denoiser timed(DmzPredictor predictor) {
        return (x, t, z) -> {
            long start = System.nanoTime();
            float[][] eps = predictor.denoise(x, t, z);
            listener.batchRan(Lane.DECODE, x.length, System.nanoTime() - start);
            stats.denoiseCalls.increment();
            stats.denoiseRows.add(x.length);
            return eps;
        };
    }

    private void retireFinished() {
        Iterator<Active> it = active.iterator();
        while (it.hasNext()) {
            Active a = it.next();
            Job job = a.item().job();
            if (job.abandoned()) {
                it.remove();
                continue;
            }
            if (!a.trajectory().done()) {
                continue;
            }
            it.remove();
            InferenceRequest r = job.request;
            InferenceResult.Decoded decoded = new InferenceResult.Decoded(a.model().info(), a.trajectory().x(),
                    r.steps(), r.seed(), a.sampler().kind());
            if (a.item().isTransfer()) {
                job.transferred(new InferenceResult.Transfer(a.item().bridge(), decoded));
            } else {
                job.reconstructed(decoded);
            }
        }
    }
}

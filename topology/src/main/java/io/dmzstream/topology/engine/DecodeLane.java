package io.dmzstream.topology.engine;

import io.dmzstream.model.sampler.Sampler;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.sampler.Trajectory;
import io.dmzstream.model.serving.DmzModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's decode slots: the active trajectories and the tick that advances them.
 *
 * <p>A tick runs ONE denoiser forward per model over all its active trajectories, each at its own
 * timestep (t is a per-sample input), then applies each trajectory's sampler step and retires the
 * finished ones. Requests with different K therefore share the device; what admits new
 * trajectories between ticks (continuous) or only when all are done (static) is the
 * {@link Scheduler}'s choice. A failing tick goes through {@link BatchTriage} per model. Owned by
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
    private final Map<String, Sampler> samplers = new HashMap<>();

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
                Sampler sampler = samplers.computeIfAbsent(item.domain(), d -> model.sampler(samplerKind));
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
            Trajectory first = rows.get(0).trajectory();
            int pixels = first.x().length;
            int bits = first.code().length;
            int t = first.timestep();
            // a device fault fails the group's jobs retriably: they are abandoned, and dropped below
            worker.outcome(Lane.DECODE, rows.stream().map(a -> a.item().job()).toList(), BatchTriage.run(rows,
                    part -> step(model, part),
                    () -> model.denoise(new float[][] {new float[pixels]}, new int[] {t}, new float[][] {new float[bits]}),
                    (a, e) -> a.item().job().fail(new InferenceException("decode", "denoise failed: " + e.getMessage(), e))));
        }
        retireFinished();
    }

    /** Fails every active trajectory (shutdown). */
    void abandonAll(Throwable reason) {
        active.forEach(a -> a.item().job().fail(reason));
        active.clear();
    }

    private void step(DmzModel model, List<Active> group) {
        int n = group.size();
        float[][] x = new float[n][];
        int[] t = new int[n];
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) {
            Trajectory tr = group.get(i).trajectory();
            x[i] = tr.x();
            t[i] = tr.timestep();
            z[i] = tr.code();
        }
        long start = System.nanoTime();
        float[][] eps = model.denoise(x, t, z);
        listener.batchRan(Lane.DECODE, n, System.nanoTime() - start);
        stats.denoiseCalls.increment();
        stats.denoiseRows.add(n);
        for (int i = 0; i < n; i++) {
            Active a = group.get(i);
            a.sampler().step(a.trajectory(), eps[i]);
        }
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

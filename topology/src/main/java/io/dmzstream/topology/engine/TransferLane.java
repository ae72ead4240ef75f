package io.dmzstream.topology.engine;

import io.dmzstream.model.network.BitThreshold;
import java.util.List;

/**
 * The transfer lane: one bridge call per batch of same-pair requests, mapping source code
 * probabilities to target bits, which then queue for the decode lane under the target domain's model.
 */
final class TransferLane {
    record Item(Job job, float[] sourceProbabilities) {
    }

    private final Scheduler scheduler;
    private final EngineStats stats;
    private final EngineListener listener;

    TransferLane(Scheduler scheduler, EngineStats stats, EngineListener listener) {
        this.scheduler = scheduler;
        this.stats = stats;
        this.listener = listener;
    }

    static String key(InferenceRequest r) {
        return ModelCatalog.bridgeKey(r.domain(), r.targetDomain());
    }

    void run(DeviceWorker worker, TransferBridge bridge, List<Item> batch) {
        int bits = batch.get(0).sourceProbabilities().length;
        List<Job> jobs = batch.stream().map(Item::job).toList();
        worker.outcome(Lane.TRANSFER, jobs, BatchTriage.run(batch, rows -> runBatch(bridge, rows),
                () -> bridge.translate(new float[][] {new float[bits]}),
                (item, e) -> item.job().fail(new InferenceException("transfer", "bridge failed: " + e.getMessage(), e))));
    }

    private void runBatch(TransferBridge bridge, List<Item> batch) {
        float[][] probs = new float[batch.size()][];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = batch.get(i).sourceProbabilities();
        }
        long start = System.nanoTime();
        float[][] target = bridge.translate(probs);
        listener.batchRan(Lane.TRANSFER, batch.size(), System.nanoTime() - start);
        stats.transferCalls.increment();
        stats.transferRows.add(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            float[] bits = BitThreshold.bits(target[i]);
            Job job = batch.get(i).job();
            scheduler.enqueueDecode(new DecodeItem(job, job.request.targetDomain(), bits, bridge.name()));
        }
    }
}

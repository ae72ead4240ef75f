package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.DmzPredictor;
import java.util.ArrayList;
import java.util.List;

/**
 * The encode lane: one encoder call (plus one label-head call for the rows that want a label) per
 * batch of same-domain requests; then hands each request on to the decode or transfer lane. A
 * failing batch goes through {@link BatchTriage}: poison rows fail alone, a device fault is the
 * worker's to handle.
 */
final class EncodeLane {
    private final Scheduler scheduler;
    private final EngineStats stats;
    private final EngineListener listener;

    EncodeLane(Scheduler scheduler, EngineStats stats, EngineListener listener) {
        this.scheduler = scheduler;
        this.stats = stats;
        this.listener = listener;
    }

    void run(DeviceWorker worker, DmzModel model, List<Job> batch) {
        int pixels = batch.get(0).request.image().length;
        DmzPredictor predictor = worker.predictors.of(model);
        worker.outcome(Lane.ENCODE, batch, BatchTriage.run(batch, rows -> runBatch(model, predictor, rows),
                () -> predictor.encode(new float[][] {new float[pixels]}),
                (job, e) -> job.fail(new InferenceException("encode", "encode failed: " + e.getMessage(), e))));
    }

    private void runBatch(DmzModel model, DmzPredictor predictor, List<Job> batch) {
        float[][] images = new float[batch.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = batch.get(i).request.image();
        }
        long start = System.nanoTime();
        Codes codes = predictor.encode(images);
        stats.encodeCalls.increment();
        stats.encodeRows.add(batch.size());

        List<Integer> labelRows = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).request.wants(Product.LABEL)) {
                labelRows.add(i);
            }
        }
        float[][] classes = new float[batch.size()][];
        if (!labelRows.isEmpty()) {
            float[][] probs = new float[labelRows.size()][];
            for (int j = 0; j < probs.length; j++) {
                probs[j] = codes.probabilities()[labelRows.get(j)];
            }
            float[][] out = predictor.classify(probs);
            for (int j = 0; j < out.length; j++) {
                classes[labelRows.get(j)] = out[j];
            }
        }
        listener.batchRan(Lane.ENCODE, batch.size(), System.nanoTime() - start);
        listener.encoded(model.info(), codes.bits(), classes);

        // every model call succeeded: only now publish, so a retry never sees half-applied rows
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i);
            InferenceRequest r = job.request;
            float[] bits = codes.bits()[i];
            float[] probs = codes.probabilities()[i];
            if (r.wants(Product.RECONSTRUCTION)) {
                scheduler.enqueueDecode(new DecodeItem(job, r.domain(), bits, null));
            }
            if (r.wants(Product.TRANSFER)) {
                scheduler.enqueueTransfer(new TransferLane.Item(job, probs));
            }
            job.encoded(model.info(), bits, probs, classes[i]);
        }
    }
}

package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.ModelInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request on its way through the lanes: collects the parts each lane produces and completes
 * the caller's future when the last part arrives. Parts are written by different worker threads;
 * the atomic countdown orders those writes before the completion.
 */
final class Job {
    final InferenceRequest request;
    final CompletableFuture<InferenceResult> future = new CompletableFuture<>();
    private final AtomicInteger remaining;
    private final EngineStats stats;

    private ModelInfo model;
    private float[] bits;
    private float[] probabilities;
    private float[] classProbabilities;
    private InferenceResult.Decoded reconstruction;
    private InferenceResult.Transfer transfer;

    Job(InferenceRequest request, EngineStats stats) {
        this.request = request;
        this.stats = stats;
        int parts = 1;
        if (request.wants(Product.RECONSTRUCTION)) {
            parts++;
        }
        if (request.wants(Product.TRANSFER)) {
            parts++;
        }
        this.remaining = new AtomicInteger(parts);
    }

    /** Finished or abandoned (failed, cancelled by the caller, engine closed): skip further work. */
    boolean abandoned() {
        return future.isDone();
    }

    void encoded(ModelInfo model, float[] bits, float[] probabilities, float[] classProbabilities) {
        this.model = model;
        this.bits = bits;
        this.probabilities = probabilities;
        this.classProbabilities = classProbabilities;
        partDone();
    }

    void reconstructed(InferenceResult.Decoded decoded) {
        this.reconstruction = decoded;
        partDone();
    }

    void transferred(InferenceResult.Transfer transfer) {
        this.transfer = transfer;
        partDone();
    }

    void fail(Throwable error) {
        if (future.completeExceptionally(error) && !(error instanceof EngineClosedException)) {
            stats.failed.increment();
        }
    }

    private void partDone() {
        if (remaining.decrementAndGet() == 0) {
            boolean done = future.complete(new InferenceResult(model, bits,
                    probabilities,
                    classProbabilities, reconstruction, transfer));
            if (done) {
                stats.completed.increment();
            }
        }
    }
}

package io.dmzstream.topology.engine;

import io.dmzstream.model.serving.ModelInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt at a request on its way through the lanes (a device fault ends the attempt and its
 * {@link Submission} starts another): collects the parts each lane produces and completes
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
        // the encode, or for a SAMPLE (nothing to encode) its decode
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
        // shutdown and device faults are not outcomes of the request (it is served later)
        if (future.completeExceptionally(error) && !(error instanceof EngineClosedException)
                && !(error instanceof DeviceUnavailableException)) {
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

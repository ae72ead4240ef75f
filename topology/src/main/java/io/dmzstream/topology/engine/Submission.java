package io.dmzstream.topology.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One submitted request across its attempts. Each attempt is a fresh {@link Job}; an attempt that
 * fails with {@link DeviceUnavailableException} (the device, not the request, failed) is followed
 * by another, so the caller's future only ever sees the request's own outcome: its result, an
 * {@link InferenceException}, or {@link EngineClosedException}. Cancelling the caller's future
 * cancels the attempt in progress.
 */
final class Submission {
    private final InferenceRequest request;
    private final EngineStats stats;
    private final Consumer<Job> enqueue;
    final CompletableFuture<InferenceResult> result = new CompletableFuture<>();
    private volatile Job attempt;

    /** @param enqueue hands an attempt to the lanes; throws EngineClosedException once the engine stopped */
    Submission(InferenceRequest request, EngineStats stats, Consumer<Job> enqueue) {
        this.request = request;
        this.stats = stats;
        this.enqueue = enqueue;
        result.whenComplete((r, e) -> {
            Job current = attempt;
            if (result.isCancelled() && current != null) {
                current.future.cancel(false);
            }
        });
    }

    void start() {
        Job job = new Job(request, stats);
        attempt = job;
        if (result.isDone()) {
            job.future.cancel(false);
            return;
        }
        job.future.whenComplete((r, e) -> settle(r, e));
        try {
            enqueue.accept(job);
        } catch (EngineClosedException closed) {
            job.fail(closed);
        }
    }

    private void settle(InferenceResult r, Throwable e) {
        if (e == null) {
            result.complete(r);
            return;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof DeviceUnavailableException) {
            if (!result.isDone()) {
                stats.retried.increment();
                start();
            }
        } else if (!(cause instanceof CancellationException)) {
            result.completeExceptionally(cause);
        }
    }
}

package io.dmzstream.topology.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What a failed batched device call means. A row is poison only if it fails while the device
 * works; a call that fails for every row may as well be the device. So, when a batch fails, a
 * probe (the same call on one blank input of the same shape) asks the device: if the probe fails
 * too, the device is at fault and no row is blamed; if it works, the batch is bisected and the
 * rows that fail alone are poison, their batch-mates are served. A device-wide outage thus costs
 * one extra call, not one per row, and a lone poison request still gets its outcome.
 */
final class BatchTriage {
    /** Runs the device call over some rows and publishes their results; throws if the call fails. */
    @FunctionalInterface
    interface Call<T> {
        void run(List<T> rows);
    }

    private BatchTriage() {
    }

    /**
     * @param poison told of each row that fails alone while the device works
     * @return the device's failure when the probe failed too (no row was blamed or served), else empty
     */
    static <T> Optional<RuntimeException> run(List<T> batch, Call<T> call, Runnable probe,
                                             BiConsumer<T, RuntimeException> poison) {
        RuntimeException failure;
        try {
            call.run(batch);
            return Optional.empty();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            probe.run();
        } catch (RuntimeException deviceFailure) {
            deviceFailure.addSuppressed(failure);
            return Optional.of(deviceFailure);
        }
        bisect(batch, call, poison, failure);
        return Optional.empty();
    }

    /** {@code rows} failed together with {@code failure}: find the rows that fail alone. */
    private static <T> void bisect(List<T> rows, Call<T> call, BiConsumer<T, RuntimeException> poison,
                                   RuntimeException failure) {
        if (rows.size() == 1) {
            poison.accept(rows.get(0), failure);
            return;
        }
        int mid = rows.size() / 2;
        for (List<T> half : List.of(rows.subList(0, mid), rows.subList(mid, rows.size()))) {
            try {
                call.run(half);
            } catch (RuntimeException e) {
                bisect(half, call, poison, e);
            }
        }
    }
}

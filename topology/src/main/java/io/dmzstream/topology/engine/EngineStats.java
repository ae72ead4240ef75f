package io.dmzstream.topology.engine;

import java.util.concurrent.atomic.LongAdder;

/** Counters of device work, read by metrics, tests and the benchmark. Thread-safe. */
public final class EngineStats {
    final LongAdder encodeCalls = new LongAdder();
    final LongAdder encodeRows = new LongAdder();
    final LongAdder transferCalls = new LongAdder();
    final LongAdder transferRows = new LongAdder();
    final LongAdder denoiseCalls = new LongAdder();
    final LongAdder denoiseRows = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    /** Submitted requests whose future has not completed yet. */
    final LongAdder inFlight = new LongAdder();
    /** Attempts started again because the device failed the previous one. */
    final LongAdder retried = new LongAdder();
    /** Device faults: batches the device failed, Errors thrown by calls, calls given up on by the watchdog. */
    final LongAdder deviceFaults = new LongAdder();

    public long encodeCalls() { return encodeCalls.sum(); }
    public long encodeRows() { return encodeRows.sum(); }
    public long transferCalls() { return transferCalls.sum(); }
    public long transferRows() { return transferRows.sum(); }
    public long denoiseCalls() { return denoiseCalls.sum(); }
    public long denoiseRows() { return denoiseRows.sum(); }
    public long completed() { return completed.sum(); }
    public long failed() { return failed.sum(); }
    public long inFlight() { return inFlight.sum(); }
    public long retried() { return retried.sum(); }
    public long deviceFaults() { return deviceFaults.sum(); }

    /** Mean rows per encoder call: above 1 means requests were merged into batches. */
    public double meanEncodeBatch() {
        long calls = encodeCalls();
        return calls == 0 ? 0 : (double) encodeRows() / calls;
    }

    /** Mean rows per denoiser call. */
    public double meanDenoiseBatch() {
        long calls = denoiseCalls();
        return calls == 0 ? 0 : (double) denoiseRows() / calls;
    }

    @Override
    public String toString() {
        return String.format("encode %d rows / %d calls, denoise %d rows / %d calls, transfer %d rows / %d calls, "
                        + "completed %d, failed %d, device faults %d, retried %d", encodeRows(), encodeCalls(),
                denoiseRows(), denoiseCalls(), transferRows(), transferCalls(), completed(), failed(), deviceFaults(),
                retried());
    }
}

package io.dmzstream.topology.engine;

import io.dmzstream.model.sampler.SamplerKind;
import java.time.Duration;
import java.util.List;

/**
 * How the engine batches and where it runs.
 *
 * @param maxBatchSize   largest encode/transfer batch (rows per model call)
 * @param maxQueueDelay  how long a request may wait for its batch to fill before the batch runs anyway
 * @param decodeSlots    B: active trajectories per device in the decode lane
 * @param decodeMode     continuous (step-level) or static batching
 * @param sampler        DDPM (the paper's default) or DDIM
 * @param devices        one worker per device
 * @param callTimeout    a model call running longer is given up on (its requests run again, the worker reports stuck)
 * @param circuitBackoff how long a device fault keeps the device's circuit open at first (doubling while faults repeat)
 * @param circuitBackoffMax the longest a circuit stays open before the device is tried again
 */
public record EngineSettings(int maxBatchSize, Duration maxQueueDelay, int decodeSlots, DecodeMode decodeMode,
                             SamplerKind sampler, List<Device> devices, Duration callTimeout,
                             Duration circuitBackoff, Duration circuitBackoffMax) {
    public EngineSettings {
        if (callTimeout.isNegative() || callTimeout.isZero() || circuitBackoff.isNegative() || circuitBackoff.isZero()) {
            throw new IllegalArgumentException("call timeout and circuit backoff must be > 0");
        }
        if (circuitBackoffMax.compareTo(circuitBackoff) < 0) {
            throw new IllegalArgumentException("the longest circuit backoff must be >= the first");
        }
        if (maxBatchSize < 1 || decodeSlots < 1) {
            throw new IllegalArgumentException("batch sizes must be >= 1");
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("max queue delay must be >= 0");
        }
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("at least one device is needed");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxBatchSize(maxBatchSize).maxQueueDelay(maxQueueDelay).decodeSlots(decodeSlots)
                .decodeMode(decodeMode).sampler(sampler).devices(devices).callTimeout(callTimeout)
                .circuitBackoff(circuitBackoff).circuitBackoffMax(circuitBackoffMax);
    }

    public static final class Builder {
        private int maxBatchSize = 32;
        private Duration maxQueueDelay = Duration.ofMillis(5);
        private int decodeSlots = 32;
        private DecodeMode decodeMode = DecodeMode.CONTINUOUS;
        private SamplerKind sampler = SamplerKind.DDPM;
        private List<Device> devices = List.of(Device.cpu());
        private Duration callTimeout = Duration.ofSeconds(30);
        private Duration circuitBackoff = Duration.ofMillis(500);
        private Duration circuitBackoffMax = Duration.ofSeconds(30);

        public Builder maxBatchSize(int v) { this.maxBatchSize = v; return this; }
        public Builder maxQueueDelay(Duration v) { this.maxQueueDelay = v; return this; }
        public Builder decodeSlots(int v) { this.decodeSlots = v; return this; }
        public Builder decodeMode(DecodeMode v) { this.decodeMode = v; return this; }
        public Builder sampler(SamplerKind v) { this.sampler = v; return this; }
        public Builder devices(List<Device> v) { this.devices = v; return this; }
        public Builder callTimeout(Duration v) { this.callTimeout = v; return this; }
        public Builder circuitBackoff(Duration v) { this.circuitBackoff = v; return this; }
        public Builder circuitBackoffMax(Duration v) { this.circuitBackoffMax = v; return this; }

        public EngineSettings build() {
            return new EngineSettings(maxBatchSize, maxQueueDelay, decodeSlots, decodeMode, sampler, devices,
                    callTimeout, circuitBackoff, circuitBackoffMax);
        }
    }
}

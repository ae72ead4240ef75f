package io.dmzstream.topology.buffer;

import java.time.Duration;

/**
 * @param storeName          the durable buffer's state store (changelogged)
 * @param maxInFlight        requests a task may have in flight before process() waits
 * @param punctuateInterval  wall-clock interval of forwarding completed results
 */
public record BatchingSettings(String storeName, int maxInFlight, Duration punctuateInterval) {
    public static final String DEFAULT_STORE = "dmz-request-buffer";

    public BatchingSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
    }
}

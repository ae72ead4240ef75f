package io.dmzstream.topology.validation;

import io.dmzstream.topology.engine.InferenceRequest;

/**
 * An event that passed validation: the engine request, and the decoded input kept for error
 * measures (reconstruction MSE).
 */
public record ValidImage(InferenceRequest request, int width, int height) {
    public float[] pixels() {
        return request.image();
    }
}

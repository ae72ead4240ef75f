package io.dmzstream.topology.validation;

import io.dmzstream.topology.engine.InferenceRequest;

/**
 * An event that passed validation: the engine request, and the decoded input kept for error
 * measures (reconstruction MSE).
 *
 * @param width      width of the decoded input (the model's)
 * @param height     height of the decoded input
 * @param fittedFrom the shape the producer sent when it was fitted to the model; null when served as sent
 */
public record ValidImage(InferenceRequest request, int width, int height, InputShape fittedFrom) {
    public ValidImage(InferenceRequest request, int width, int height) {
        this(request, width, height, null);
    }

    public float[] pixels() {
        return request.image();
    }
}

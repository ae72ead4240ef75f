package io.dmzstream.topology.validation;

/**
 * An image as its model takes it.
 *
 * @param pixels     row-major H*W*C floats in [-1, 1] at the model's input shape
 * @param fittedFrom the shape the producer sent when {@link Preprocessing} resized, cropped or
 *                   converted it; null when it was served as sent
 */
public record ModelInput(float[] pixels, InputShape fittedFrom) {
}

package io.dmzstream.model.serving;

/**
 * Encoder output for a batch: hard bits (0 or 1) and the per-bit probabilities P(bit = 1).
 * Row i belongs to input image i.
 */
public record Codes(float[][] bits, float[][] probabilities) {
    public int size() {
        return bits.length;
    }
}

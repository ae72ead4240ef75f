package io.dmzstream.model.evaluation;

import java.util.SortedMap;

/**
 * Reconstructions of test images from their codes in one mode, per K.
 *
 * @param consistency K -> fraction of reconstructions the reference classifier labels as the input's class
 * @param mse         K -> pixel MSE (pixels in [0, 1]) between input and reconstruction
 */
public record Reconstruction(SortedMap<Integer, Double> consistency, SortedMap<Integer, Double> mse) {
}

package io.dmzstream.model.prior;

/**
 * How {@code train-prior} fits a prior.
 *
 * @param hidden       MADE units per hidden layer
 * @param hiddenLayers 1 or 2
 * @param conditional  condition on the image's class (the model's labels)
 * @param maxEpochs    epochs at most; early stopping usually ends sooner
 * @param batch        mini-batch size
 * @param learningRate Adam learning rate
 * @param patience     epochs without a better validation NLL before stopping
 * @param seed         weight initialisation, shuffling and the sample grid
 * @param limit        use the first N training and test images only (0 = all; smoke runs)
 */
public record PriorSettings(int hidden, int hiddenLayers, boolean conditional, int maxEpochs, int batch, float learningRate,
                            int patience, long seed, int limit) {
}

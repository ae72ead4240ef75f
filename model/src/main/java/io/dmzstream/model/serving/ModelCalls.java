package io.dmzstream.model.serving;

/**
 * The predictor of a model that holds no engine resources (a stand-in, a test double): each call
 * goes to the model itself, so wrapping a model keeps whatever its methods do.
 */
record ModelCalls(DmzModel model) implements DmzPredictor {
    @Override
    public Codes encode(float[][] images) {
        return model.encode(images);
    }

    @Override
    public float[][] classify(float[][] probabilities) {
        return model.classify(probabilities);
    }

    @Override
    public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        return model.denoise(x, timesteps, codes);
    }

    @Override
    public void close() {
        // the model owns everything; closing a session on it frees nothing
    }
}

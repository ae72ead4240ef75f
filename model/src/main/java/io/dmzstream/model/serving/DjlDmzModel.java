package io.dmzstream.model.serving;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;

/**
 * A zoo model served through DJL's TensorFlow engine: one DJL model per SavedModel signature
 * (encode, denoise, classify). Heavy callers open their own {@link DjlDmzPredictor}; the model's
 * own methods share one, opened on first use and serialised, since a DJL predictor (and its
 * staging buffers) serves one thread at a time.
 */
final class DjlDmzModel implements DmzModel {
    private final ModelInfo info;
    private final ZooModel<NDList, NDList> encoder;
    private final ZooModel<NDList, NDList> denoiser;
    private final ZooModel<NDList, NDList> classifier;
    private DmzPredictor shared;

    DjlDmzModel(ModelInfo info, ZooModel<NDList, NDList> encoder, ZooModel<NDList, NDList> denoiser,
                ZooModel<NDList, NDList> classifier) {
        this.info = info;
        this.encoder = encoder;
        this.denoiser = denoiser;
        this.classifier = classifier;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public boolean hasLabelHead() {
        return classifier != null;
    }

    @Override
    public DmzPredictor newPredictor() {
        return new DjlDmzPredictor(info, encoder, denoiser, classifier);
    }

    @Override
    public synchronized Codes encode(float[][] images) {
        return shared().encode(images);
    }

    @Override
    public synchronized float[][] classify(float[][] probabilities) {
        if (classifier == null) {
            // before opening anything: a model without a head answers this at once
            throw new UnsupportedOperationException(info.id() + " has no label head (no_label_head): it was trained on unlabelled images");
        }
        return shared().classify(probabilities);
    }

    @Override
    public synchronized float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
        return shared().denoise(x, timesteps, codes);
    }

    private DmzPredictor shared() {
        if (shared == null) {
            shared = newPredictor();
        }
        return shared;
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        encoder.close();
        denoiser.close();
        if (classifier != null) {
            classifier.close();
        }
    }
}

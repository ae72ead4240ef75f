package io.dmzstream.model.train;

import io.dmzstream.model.network.NetworkConfig;
import java.nio.file.Path;

/**
 * Everything that determines a training run. Two runs with the same config (and the same TF build)
 * follow the same data order, noise and initial weights.
 *
 * @param name            zoo name of the model, e.g. {@code dmz-mnist}
 * @param dataset         the training domain: mnist, fashion or edges, or the name given to an image folder
 * @param images          the image folder trained on, or null for one of the named datasets
 * @param network         network shape (bits, widths, DMZ or baseline)
 * @param steps           optimiser steps to train
 * @param maxMinutes      wall-clock budget; training stops early (and says so) when it runs out; 0 = none
 * @param batchSize       images per step
 * @param learningRate    Adam(W) learning rate
 * @param weightDecay     decoupled weight decay (AdamW) per step, multiplied by the learning rate
 * @param emaDecay        largest decay of the exported moving average of the weights (see {@link EmaWarmup})
 * @param inputPerturbation DDPM-IP gamma (0 turns it off)
 * @param balanceWeight   weight of the aggregate-posterior balance term (our addition; 0 turns it off)
 * @param confidenceWeight weight of the per-image bit-entropy term (our addition; 0 turns it off). With the
 *                        balance term it maximises the mutual information between image and code, which rules
 *                        out the collapse the balance term alone allows: every image coded p = 1/2.
 * @param labelWeight     weight of the class term (our addition; 0 turns it off): cross-entropy of a linear
 *                        classifier on the soft code, so the code carries the class where another factor of the
 *                        images (MNIST-M's background photographs) would otherwise take its bits. Needs labels.
 * @param timesteps       diffusion timesteps T
 * @param seed            seed of weights, data order and noise
 * @param checkpointEvery steps between checkpoints
 * @param out             folder the model is exported to
 * @param workDir         folder for checkpoints (outside git)
 * @param limit           use only the first N training images (0 = all); for smoke tests
 */
public record TrainConfig(String name, String dataset, Path images, NetworkConfig network, int steps, double maxMinutes,
                          int batchSize, float learningRate, float weightDecay, float emaDecay,
                          float inputPerturbation, float balanceWeight, float confidenceWeight, float labelWeight,
                          int timesteps, long seed, int checkpointEvery, Path out, Path workDir, int limit) {

    /** A run on one of the named datasets (no image folder). */
    public TrainConfig(String name, String dataset, NetworkConfig network, int steps, double maxMinutes,
                       int batchSize, float learningRate, float weightDecay, float emaDecay,
                       float inputPerturbation, float balanceWeight, float confidenceWeight, float labelWeight,
                       int timesteps, long seed, int checkpointEvery, Path out, Path workDir, int limit) {
        this(name, dataset, null, network, steps, maxMinutes, batchSize, learningRate, weightDecay, emaDecay,
                inputPerturbation, balanceWeight, confidenceWeight, labelWeight, timesteps, seed, checkpointEvery, out,
                workDir, limit);
    }
}

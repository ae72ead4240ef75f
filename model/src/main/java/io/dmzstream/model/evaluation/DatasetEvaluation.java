package io.dmzstream.model.evaluation;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Every number measured for one dataset.
 *
 * @param dataset             mnist or fashion
 * @param model               model id (name:version)
 * @param bits                code size d
 * @param stepsTrained        training steps of the DMZ model
 * @param baseline            baseline model id, or null when none is in the zoo
 * @param prior               code prior id, or null when the model has none
 * @param referenceAccuracy   test accuracy of the reference classifier (the judge)
 * @param referenceReused     whether the judge came from the cache rather than this run's training
 * @param referenceInputs     sha256 of the judge's inputs (its cache key): runs with the same one share a feature space
 * @param probeAccuracy       softmax regression on train code probabilities, scored on test
 * @param headAccuracy        the shipped label head on test
 * @param bitMeans            mean of each bit over the test codes
 * @param constantBits        bits that never flip on the test set
 * @param distinctCodes       distinct codes among the test images
 * @param codeEntropy         mean per-bit entropy in bits
 * @param semantic            reconstructions decoded from fresh noise (seed 0's test-code decodes)
 * @param exact               reconstructions through DDIM inversion and DDIM decode
 * @param fid                 variant ({@link #VARIANTS}) -> K -> Frechet distance over the seeds; empty when not measured
 * @param priorNll            the prior's test NLL against d; null without a prior
 * @param conditionalAccuracy K -> fraction of class-conditional prior samples the judge labels as the asked class; empty
 *                            without a conditional prior
 * @param samples             images decoded per (variant, K, seed)
 * @param seeds               seeds per FID
 * @param grid                sample grid PNG, relative to docs/
 * @param plot                FID plot PNG, relative to docs/
 * @param interpolation       interpolation grid PNG, relative to docs/
 * @param seconds             wall time of this dataset's evaluation
 */
public record DatasetEvaluation(String dataset, String model, int bits, int stepsTrained, String baseline, String prior,
                                double referenceAccuracy, boolean referenceReused, String referenceInputs,
                                double probeAccuracy, double headAccuracy,
                                double[] bitMeans, int constantBits, int distinctCodes, double codeEntropy,
                                Reconstruction semantic, Reconstruction exact, Map<String, SortedMap<Integer, Spread>> fid,
                                PriorNll priorNll, SortedMap<Integer, Spread> conditionalAccuracy, int samples, int seeds,
                                String grid, String plot, String interpolation, double seconds) {
    /** Sources of the decoded codes: test images, the prior, uniform random bits; and the baseline, which takes none. */
    public static final List<String> VARIANTS = List.of("dmz_codes", "dmz_prior", "dmz_uniform", "baseline");
}

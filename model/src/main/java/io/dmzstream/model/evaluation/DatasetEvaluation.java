package io.dmzstream.model.evaluation;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Every number measured for one dataset.
 *
 * @param dataset               mnist or fashion
 * @param model                 model id (name:version)
 * @param bits                  code size d
 * @param stepsTrained          training steps of the DMZ model
 * @param baseline              baseline model id, or null when none is in the zoo
 * @param referenceAccuracy     test accuracy of the reference classifier (the judge)
 * @param probeAccuracy         softmax regression on train code probabilities, scored on test
 * @param headAccuracy          the shipped label head on test
 * @param bitMeans              mean of each bit over the test codes
 * @param constantBits          bits that never flip on the test set
 * @param distinctCodes         distinct codes among the test images
 * @param codeEntropy           mean per-bit entropy in bits
 * @param reconConsistency      K -> fraction of reconstructions the judge labels as the input's class
 * @param reconMse              K -> pixel MSE (pixels in [0, 1]) between input and reconstruction
 * @param fid                   variant (dmz_codes, dmz_uniform, baseline) -> K -> Frechet distance
 * @param samples               number of images decoded per (variant, K)
 * @param grid                  sample grid PNG, relative to docs/
 * @param plot                  FID plot PNG, relative to docs/
 * @param seconds               wall time of this dataset's evaluation
 */
public record DatasetEvaluation(String dataset, String model, int bits, int stepsTrained, String baseline,
                                double referenceAccuracy, double probeAccuracy, double headAccuracy,
                                double[] bitMeans, int constantBits, int distinctCodes, double codeEntropy,
                                SortedMap<Integer, Double> reconConsistency, SortedMap<Integer, Double> reconMse,
                                Map<String, SortedMap<Integer, Double>> fid, int samples, String grid, String plot,
                                double seconds) {
    public static final List<String> VARIANTS = List.of("dmz_codes", "dmz_uniform", "baseline");
}

package io.dmzstream.model.evaluation;

import java.util.SortedMap;

/**
 * Domain-transfer measurements for one bridge.
 *
 * @param pair           e.g. {@code edges->fashion}
 * @param bridge         bridge id
 * @param bitAccuracy    held-out (paired test split) bit accuracy of the bridge
 * @param labelAccuracy  K -> fraction of transfers the target judge labels as the source item's class (mean over seeds)
 * @param fid            K -> Frechet distance of transfers to the target test set, over the seeds
 * @param samples        transfers per K and seed
 * @param seeds          seeds (disjoint slices of the source test split, fresh decode noise)
 * @param grid           sample grid (source | transfer | ground truth), relative to docs/
 */
public record TransferEvaluation(String pair, String bridge, double bitAccuracy, SortedMap<Integer, Double> labelAccuracy,
                                 SortedMap<Integer, Spread> fid, int samples, int seeds, String grid) {
}

package io.dmzstream.model.evaluation;

import java.util.SortedMap;

/**
 * Domain-transfer measurements for one bridge.
 *
 * @param pair           e.g. {@code edges->fashion}
 * @param bridge         bridge id
 * @param bitAccuracy    held-out (paired test split) bit accuracy of the bridge
 * @param labelAccuracy  K -> fraction of transfers the target judge labels as the source item's class
 * @param fid            K -> Frechet distance of transfers to the target test set
 * @param samples        transfers per K
 * @param grid           sample grid (source | transfer | ground truth), relative to docs/
 */
public record TransferEvaluation(String pair, String bridge, double bitAccuracy, SortedMap<Integer, Double> labelAccuracy,
                                 SortedMap<Integer, Double> fid, int samples, String grid) {
}

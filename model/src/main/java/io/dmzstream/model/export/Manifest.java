package io.dmzstream.model.export;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a zoo model: what it is, how it was trained, what it scores, and the
 * sha256 of every file so a corrupt or tampered folder is caught at load time.
 *
 * @param name          zoo name
 * @param version       model version
 * @param dataset       training domain
 * @param imageShape    [height, width, channels]
 * @param bits          code size d
 * @param conditioned   DMZ (true) or the constant-token baseline (false)
 * @param schedule      noise schedule kind
 * @param timesteps     T
 * @param stepsTrained  optimiser steps actually trained
 * @param seed          training seed
 * @param network       network shape (widths, groups)
 * @param training      optimiser settings, wall time, the exact command
 * @param labels        class names (index = class id)
 * @param metrics       test metrics (label head, linear probe)
 * @param codeStatistics code-bit usage on the training set (reference for drift)
 * @param signatures    SavedModel signature keys
 * @param files         relative path -> sha256 of every other file in the folder
 */
public record Manifest(String name, String version, String dataset, List<Integer> imageShape, int bits,
                       boolean conditioned, String schedule, int timesteps, int stepsTrained, long seed,
                       Map<String, Object> network, Map<String, Object> training, List<String> labels,
                       Map<String, Object> metrics, CodeStatistics codeStatistics, List<String> signatures,
                       Map<String, String> files) {
    public static final String FILE = "manifest.json";
}

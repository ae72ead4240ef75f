package io.dmzstream.model.export;

import java.util.Map;

/**
 * {@code manifest.json} of a code bridge between two zoo models.
 *
 * @param name         zoo name, e.g. {@code bridge-edges-fashion}
 * @param version      bridge version
 * @param sourceDomain domain of the source model
 * @param targetDomain domain of the target model
 * @param sourceModel  source model id (name:version) whose codes the bridge reads
 * @param targetModel  target model id whose codes it predicts (and which decodes them)
 * @param sourceBits   input code size
 * @param targetBits   output code size
 * @param training     settings, epochs, wall time, command
 * @param metrics      held-out bit accuracy etc.
 * @param files        relative path -> sha256
 */
public record BridgeManifest(String name, String version, String sourceDomain, String targetDomain, String sourceModel,
                             String targetModel, int sourceBits, int targetBits, Map<String, Object> training,
                             Map<String, Object> metrics, Map<String, String> files) {
    public static final String SIGNATURE = "translate";
}

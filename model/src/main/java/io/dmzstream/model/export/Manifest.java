package io.dmzstream.model.export;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dmzstream.model.network.NetworkConfig;
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
 * @param network       the typed network configuration the SavedModel was built from
 * @param training      optimiser settings, wall time, the exact command
 * @param labels        class names (index = class id); empty when the model has no label head
 * @param metrics       test metrics (label head, linear probe)
 * @param codeStatistics code-bit usage on the training set (reference for drift)
 * @param signatures    SavedModel signature keys
 * @param files         relative path -> sha256 of every other file in the folder
 */
public record Manifest(String name, String version, String dataset, List<Integer> imageShape, int bits,
                       boolean conditioned, String schedule, int timesteps, int stepsTrained, long seed,
                       NetworkConfig network, Map<String, Object> training, List<String> labels,
                       Map<String, Object> metrics, CodeStatistics codeStatistics, List<String> signatures,
                       Map<String, String> files) {
    public static final String FILE = "manifest.json";
    /** What {@code metrics.head} says for a model trained without labels. */
    public static final String NO_LABEL_HEAD = "none";

    public Manifest {
        if (network != null && imageShape != null && !network.imageShape().equals(imageShape)) {
            throw new IllegalArgumentException("manifest imageShape " + imageShape + " disagrees with its network "
                    + network.imageShape());
        }
    }

    /**
     * A manifest with the first zoo generation's untyped network block (base_channels, encoder_width,
     * groups); the typed configuration is rebuilt from it and the image shape.
     */
    public Manifest(String name, String version, String dataset, List<Integer> imageShape, int bits,
                    boolean conditioned, String schedule, int timesteps, int stepsTrained, long seed,
                    Map<String, Object> network, Map<String, Object> training, List<String> labels,
                    Map<String, Object> metrics, CodeStatistics codeStatistics, List<String> signatures,
                    Map<String, String> files) {
        this(name, version, dataset, imageShape, bits, conditioned, schedule, timesteps, stepsTrained, seed,
                legacyNetwork(network == null ? Map.of() : network, imageShape, bits, conditioned), training, labels,
                metrics, codeStatistics, signatures, files);
    }

    /** True when the SavedModel has a {@code classify} signature (models trained on unlabelled folders have none). */
    public boolean hasLabelHead() {
        return signatures != null && signatures.contains(InferenceGraph.CLASSIFY);
    }

    /** A copy with the files' sha256 (written last, after every other file exists). */
    public Manifest withFiles(Map<String, String> hashes) {
        return new Manifest(name, version, dataset, imageShape, bits, conditioned, schedule, timesteps, stepsTrained, seed,
                network, training, labels, metrics, codeStatistics, signatures, hashes);
    }

    /** Reads both the typed network block and the first generation's untyped one. */
    @JsonCreator
    static Manifest fromJson(@JsonProperty("name") String name, @JsonProperty("version") String version,
                             @JsonProperty("dataset") String dataset, @JsonProperty("imageShape") List<Integer> imageShape,
                             @JsonProperty("bits") int bits, @JsonProperty("conditioned") boolean conditioned,
                             @JsonProperty("schedule") String schedule, @JsonProperty("timesteps") int timesteps,
                             @JsonProperty("stepsTrained") int stepsTrained, @JsonProperty("seed") long seed,
                             @JsonProperty("network") JsonNode network, @JsonProperty("training") Map<String, Object> training,
                             @JsonProperty("labels") List<String> labels, @JsonProperty("metrics") Map<String, Object> metrics,
                             @JsonProperty("codeStatistics") CodeStatistics codeStatistics,
                             @JsonProperty("signatures") List<String> signatures,
                             @JsonProperty("files") Map<String, String> files) throws JsonProcessingException {
        NetworkConfig net;
        if (network != null && network.has("height")) {
            net = ModelFolder.JSON.treeToValue(network, NetworkConfig.class);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> legacy = network == null ? Map.of() : ModelFolder.JSON.convertValue(network, Map.class);
            net = legacyNetwork(legacy, imageShape, bits, conditioned);
        }
        return new Manifest(name, version, dataset, imageShape == null ? net.imageShape() : imageShape, bits, conditioned,
                schedule, timesteps, stepsTrained, seed, net, training == null ? Map.of() : training,
                labels == null ? List.of() : labels, metrics == null ? Map.of() : metrics, codeStatistics,
                signatures == null ? List.of() : signatures, files == null ? Map.of() : files);
    }

    private static NetworkConfig legacyNetwork(Map<String, Object> network, List<Integer> imageShape, int bits,
                                               boolean conditioned) {
        List<Integer> shape = imageShape == null || imageShape.size() != 3 ? List.of(28, 28, 1) : imageShape;
        return NetworkConfig.of(Math.max(1, bits), intOr(network.get("base_channels"), 32),
                intOr(network.get("encoder_width"), 32), intOr(network.get("groups"), 8), conditioned,
                shape.get(0), shape.get(1), shape.get(2));
    }

    private static int intOr(Object v, int fallback) {
        return v instanceof Number n ? n.intValue() : fallback;
    }
}

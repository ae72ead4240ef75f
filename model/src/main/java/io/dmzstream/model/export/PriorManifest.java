package io.dmzstream.model.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a code prior, kept in the {@value #FOLDER} subfolder of the model whose
 * codes it was fitted to.
 *
 * @param name             prior name, e.g. {@code dmz-mnist-prior}
 * @param version          prior version
 * @param model            id (name:version) of the model whose codes it models
 * @param modelFingerprint {@link #fingerprint(Manifest)} of that model: a retrained model gives other
 *                         codes, and a prior fitted to the old ones must not be served with it
 * @param bits             code size d
 * @param hidden           units per hidden layer of the MADE
 * @param hiddenLayers     hidden layers
 * @param conditional      whether it is conditioned on the class
 * @param classes          class names (index = class id); one entry {@code "*"} when unconditional
 * @param classFrequencies training-set share of each class: p(class) for sampling without a class
 * @param training         settings, epochs, steps, wall time, the exact command
 * @param metrics          held-out NLL in bits next to the uniform cost d, etc.
 * @param signatures       SavedModel signature keys
 * @param files            relative path -> sha256 of every other file in the folder
 */
public record PriorManifest(String name, String version, String model, String modelFingerprint, int bits, int hidden,
                            int hiddenLayers, boolean conditional, List<String> classes, List<Double> classFrequencies,
                            Map<String, Object> training, Map<String, Object> metrics, List<String> signatures,
                            Map<String, String> files) {
    /** Subfolder of a model folder that holds its prior. */
    public static final String FOLDER = "prior";
    public static final String SAMPLE = "sample";
    public static final String LOG_PROB = "log_prob";

    public PriorManifest withFiles(Map<String, String> hashes) {
        return new PriorManifest(name, version, model, modelFingerprint, bits, hidden, hiddenLayers, conditional, classes,
                classFrequencies, training, metrics, signatures, hashes);
    }

    /**
     * Identifies a model's weights: sha256 over the recorded hashes of its SavedModel files (graph
     * and variables), so README or sample-grid edits do not count as a different model.
     */
    public static String fingerprint(Manifest model) {
        Map<String, String> sorted = new TreeMap<>(model.files());
        StringBuilder text = new StringBuilder();
        sorted.forEach((path, sha) -> {
            if (path.equals("saved_model.pb") || path.startsWith("variables/")) {
                text.append(path).append('=').append(sha).append('\n');
            }
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

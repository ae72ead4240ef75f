package io.dmzstream.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training figures of a run's last step, kept beside its checkpoints. A run resumed at its
 * final step trains nothing (say, to export again after a failed export); without these its
 * manifest would report NaN for the loss and the bit entropy it ended with.
 *
 * @param fingerprint the run's {@link TrainingFingerprint}: figures of another config are not reused
 * @param step        the step they were taken at
 * @param mse         smoothed epsilon-MSE
 * @param balance     balance term
 * @param bitEntropy  mean per-image bit entropy, in bits
 * @param classLoss   class cross-entropy in nats (NaN without the class term)
 */
record LastFigures(String fingerprint, int step, double mse, double balance, double bitEntropy, double classLoss) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "last-figures.json";

    void write(Path workDir) {
        try {
            Files.createDirectories(workDir);
            // as strings: JSON has no NaN, and the class loss is NaN without the class term
            var node = JSON.createObjectNode().put("fingerprint", fingerprint).put("step", step)
                    .put("mse", String.valueOf(mse)).put("balance", String.valueOf(balance))
                    .put("bit_entropy", String.valueOf(bitEntropy)).put("class_loss", String.valueOf(classLoss));
            JSON.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve(FILE).toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workDir.resolve(FILE), e);
        }
    }

    /** The figures written by a run of this fingerprint that reached {@code step}, if any. */
    static Optional<LastFigures> read(Path workDir, String fingerprint, int step) {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var n = JSON.readTree(file.toFile());
            if (!fingerprint.equals(n.path("fingerprint").asText()) || n.path("step").asInt() != step) {
                return Optional.empty();
            }
            return Optional.of(new LastFigures(fingerprint, step, number(n, "mse"), number(n, "balance"),
                    number(n, "bit_entropy"), number(n, "class_loss")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static double number(com.fasterxml.jackson.databind.JsonNode n, String field) {
        return Double.parseDouble(n.path(field).asText("NaN"));
    }
}

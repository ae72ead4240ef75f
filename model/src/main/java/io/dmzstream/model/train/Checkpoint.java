package io.dmzstream.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.tensorflow.Session;

/**
 * Periodic checkpoints of a training session (every variable: weights, EMA shadows, Adam moments)
 * plus the step reached, so an interrupted run resumes where it stopped. The data order and noise
 * of step s depend only on (seed, s), so a resumed run continues the same run.
 *
 * <p>A checkpoint is written to a fresh folder and then published by rewriting {@code state.json},
 * so a crash while saving leaves the previous checkpoint usable.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String fingerprint;

    /**
     * @param dir         the run's work folder
     * @param fingerprint identifies the training config; a checkpoint from another config is not resumed
     */
    public Checkpoint(Path dir, String fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    /** The step of the last complete checkpoint for this config, if any. */
    public Optional<Integer> lastStep() {
        Path state = dir.resolve("state.json");
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        try {
            var node = JSON.readTree(state.toFile());
            if (!fingerprint.equals(node.path("fingerprint").asText())) {
                return Optional.empty();
            }
            return Optional.of(node.path("step").asInt());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void restore(Session session, int step) {
        session.restore(prefix(step).toString());
    }

    public void save(Session session, int step) {
        try {
            Files.createDirectories(prefix(step).getParent());
            session.save(prefix(step).toString());
            ObjectNode node = JSON.createObjectNode();
            node.put("fingerprint", fingerprint);
            node.put("step", step);
            Path tmp = dir.resolve("state.json.tmp");
            JSON.writeValue(tmp.toFile(), node);
            Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteOlderThan(step);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
        }
    }

    private Path prefix(int step) {
        return dir.resolve("step-" + step).resolve("ckpt");
    }

    private void deleteOlderThan(int step) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith("step-") && !n.equals("step-" + step)) {
                    try (var walk = Files.walk(p)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
    }
}

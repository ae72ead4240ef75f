package io.dmzstream.model.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.train.EmaWarmup;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How one zoo model was made, read back from its manifest, so the report can name the exact
 * training command, seed and wall time next to the numbers measured on it.
 *
 * @param name        model name
 * @param steps       optimiser steps trained (autoencoders) or best epoch (bridges); 0 when unknown
 * @param seed        training seed
 * @param wallSeconds wall time of the (last) training session
 * @param command     the command that reproduces it
 * @param initShare   share of the random initial weights still in the exported weight average
 *                    (NaN for models without one, e.g. bridges)
 */
public record ModelProvenance(String name, int steps, long seed, long wallSeconds, String command, double initShare) {

    public static ModelProvenance of(Path modelDir) throws IOException {
        JsonNode m = ModelFolder.JSON.readTree(modelDir.resolve("manifest.json").toFile());
        JsonNode t = m.path("training");
        int steps = m.has("stepsTrained") ? m.path("stepsTrained").asInt() : t.path("best_epoch").asInt();
        long seed = m.has("seed") ? m.path("seed").asLong() : t.path("seed").asLong();
        long wall = t.has("wall_seconds") ? t.path("wall_seconds").asLong() : t.path("wall_seconds_last_session").asLong();
        return new ModelProvenance(m.path("name").asText(modelDir.getFileName().toString()), steps, seed, wall,
                t.path("command").asText(""), initShare(t, steps));
    }

    /**
     * Models trained before the EMA warm-up (no {@code ema_warmup} in the manifest) averaged with a
     * fixed decay from the initial weights, which leaves decay^steps of them in the export. A run
     * resumed across the change is counted as warmed up throughout: the warm-up's faster forgetting
     * after the resume clears the old average too, unless only a few steps follow it.
     */
    static double initShare(JsonNode training, int steps) {
        if (!training.has("ema_decay")) {
            return Double.NaN;
        }
        float decay = (float) training.path("ema_decay").asDouble();
        if (!training.has("ema_warmup")) {
            return Math.pow(decay, steps);
        }
        EmaWarmup warmup = new EmaWarmup(decay);
        double share = 1;
        for (int step = 0; step < steps && share > 1e-12; step++) {
            share *= warmup.decayAt(step);
        }
        return share;
    }
}

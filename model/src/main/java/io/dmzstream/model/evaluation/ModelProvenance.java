package io.dmzstream.model.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmzstream.model.export.ModelFolder;
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
 */
public record ModelProvenance(String name, int steps, long seed, long wallSeconds, String command) {

    public static ModelProvenance of(Path modelDir) throws IOException {
        JsonNode m = ModelFolder.JSON.readTree(modelDir.resolve("manifest.json").toFile());
        JsonNode t = m.path("training");
        int steps = m.has("stepsTrained") ? m.path("stepsTrained").asInt() : t.path("best_epoch").asInt();
        long seed = m.has("seed") ? m.path("seed").asLong() : t.path("seed").asLong();
        long wall = t.has("wall_seconds") ? t.path("wall_seconds").asLong() : t.path("wall_seconds_last_session").asLong();
        return new ModelProvenance(m.path("name").asText(modelDir.getFileName().toString()), steps, seed, wall,
                t.path("command").asText(""));
    }
}

package io.dmzstream.topology.testing;

import io.dmzstream.model.export.CodeStatistics;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes zoo manifests (no model files) carrying the training code statistics drift compares against. */
public final class TestManifests {
    private TestManifests() {
    }

    /** {@code zoo/folder/manifest.json} for a model; {@code bitMeans} null writes no code statistics. */
    public static Path write(Path zoo, String folder, String name, String domain, double[] bitMeans) throws IOException {
        Path dir = Files.createDirectories(zoo.resolve(folder));
        CodeStatistics stats = bitMeans == null ? null : new CodeStatistics(1000, bitMeans, 0, 100, 0.9);
        int bits = bitMeans == null ? StandInModel.BITS : bitMeans.length;
        new ModelFolder(dir).writeManifest(new Manifest(name, "0.0.1", domain, List.of(28, 28, 1), bits, true,
                "cosine", 1000, 0, 0L, Map.of(), Map.of(), StandInModel.LABELS, Map.of(), stats, List.of(), Map.of()));
        return dir;
    }
}

package io.dmzstream.topology.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.testing.TestManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingBitMeansTest {
    @TempDir
    Path zoo;

    @Test
    void readsBitMeansFromEachManifestByModelName() throws Exception {
        TestManifests.write(zoo, "folder-a", "model-a", "mnist", new double[] {0.1, 0.9});
        TestManifests.write(zoo, "folder-b", "model-b", "fashion", new double[] {0.5, 0.5, 0.5});
        TrainingBitMeans means = TrainingBitMeans.fromZoo(zoo, List.of("folder-a", "folder-b"));
        assertArrayEquals(new double[] {0.1, 0.9}, means.of("model-a").orElseThrow());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, means.of("model-b").orElseThrow());
        assertTrue(means.of("folder-a").isEmpty(), "keyed by the manifest's model name, as outputs are stamped");
    }

    @Test
    void modelsWithoutStatisticsOrManifestHaveNone() throws Exception {
        TestManifests.write(zoo, "no-stats", "no-stats", "mnist", null);
        Files.createDirectories(zoo.resolve("broken"));
        Files.writeString(zoo.resolve("broken/manifest.json"), "{ not json");
        TrainingBitMeans means = TrainingBitMeans.fromZoo(zoo, List.of("no-stats", "broken", "missing"));
        assertTrue(means.of("no-stats").isEmpty());
        assertTrue(means.of("broken").isEmpty());
        assertTrue(means.of("missing").isEmpty());
    }

    @Test
    void callersCannotChangeTheReference() throws Exception {
        TestManifests.write(zoo, "a", "a", "mnist", new double[] {0.25});
        TrainingBitMeans means = TrainingBitMeans.fromZoo(zoo, List.of("a"));
        means.of("a").orElseThrow()[0] = 1.0;
        assertArrayEquals(new double[] {0.25}, means.of("a").orElseThrow());
    }
}

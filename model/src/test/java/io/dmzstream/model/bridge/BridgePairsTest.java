package io.dmzstream.model.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.export.BridgeManifest;
import io.dmzstream.model.schedule.NoiseSchedule;
import io.dmzstream.model.serving.ModelInfo;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation scores a bridge on the pairs its manifest names. It once paired a grey dataset in
 * its own order with a colour folder in folder order, so the "transfer bit accuracy" compared
 * different images. Here each grey image and its colour twin share a brightness that names the item:
 * every test pair must show the same item.
 */
class BridgePairsTest {
    @TempDir
    Path dir;

    @Test
    void foldersNamedInTheManifestPairByRelativePath() throws IOException {
        for (int i = 0; i < 12; i++) {
            // a class folder per parity, so that folder order and item order differ
            String rel = (i % 2) + "/item-" + i + ".png";
            write(new Color(i * 20, i * 20, i * 20), BufferedImage.TYPE_BYTE_GRAY, dir.resolve("grey").resolve(rel), 8);
            write(new Color(i * 20, 255 - i * 20, 0), BufferedImage.TYPE_INT_RGB, dir.resolve("colour").resolve(rel), 12);
        }
        var manifest = new BridgeManifest("bridge-g-c", "1.0.0", "g", "c", "dmz-g:1.0.0", "dmz-c:1.0.0", 64, 64,
                Map.of(BridgePairs.SOURCE_IMAGES, dir.resolve("grey").toString(),
                        BridgePairs.TARGET_IMAGES, dir.resolve("colour").toString(), "seed", 3), Map.of(), Map.of());
        BridgePairs pairs = BridgePairs.of(manifest, info("g", 8, 1), info("c", 12, 3));

        assertTrue(pairs.sourceTest().size() > 0);
        assertEquals(pairs.sourceTest().size(), pairs.targetTest().size());
        assertEquals(pairs.sourceTrain().size() + pairs.sourceTest().size(), 12);
        for (int i = 0; i < pairs.sourceTest().size(); i++) {
            assertEquals(pairs.sourceTest().image(i)[0], pairs.targetTest().image(i)[0], 0.02f, "test pair " + i);
            assertEquals(pairs.sourceTest().label(i), pairs.targetTest().label(i));
        }
        for (int i = 0; i < pairs.sourceTrain().size(); i++) {
            assertEquals(pairs.sourceTrain().image(i)[0], pairs.targetTrain().image(i)[0], 0.02f, "train pair " + i);
        }
    }

    private static ModelInfo info(String dataset, int size, int channels) {
        return new ModelInfo("dmz-" + dataset, "1.0.0", dataset, size, size, channels, 64, 1000, NoiseSchedule.Kind.COSINE, List.of());
    }

    private static void write(Color colour, int type, Path file, int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, type);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    img.getRaster().setSample(x, y, 0, colour.getRed()); // setRGB would gamma-convert the grey level
                } else {
                    img.setRGB(x, y, colour.getRGB());
                }
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}

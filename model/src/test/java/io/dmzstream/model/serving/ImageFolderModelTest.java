package io.dmzstream.model.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.ImageFolder;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.export.ModelFolder;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.pipeline.DecodePipeline;
import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained from image folders: a tiny RGB model from class folders of generated coloured
 * shapes (PNG and JPEG, of assorted sizes, resized on the way in) and a non-square grey one from a
 * flat folder, each exported, loaded through DJL and round-tripped at its own shape.
 */
class ImageFolderModelTest {
    @TempDir
    Path root;

    /** A filled shape of one colour on a random background, {@code w} x {@code h}. */
    private static BufferedImage shape(int w, int h, Color colour, boolean circle, SplittableRandom rng, boolean grey) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rng.nextInt(80), rng.nextInt(80), rng.nextInt(80)));
        g.fillRect(0, 0, w, h);
        g.setColor(colour);
        int s = Math.min(w, h) / 2;
        int x = rng.nextInt(w - s);
        int y = rng.nextInt(h - s);
        if (circle) {
            g.fillOval(x, y, s, s);
        } else {
            g.fillRect(x, y, s, s);
        }
        g.dispose();
        return img;
    }

    private static TrainConfig config(String name, String domain, Path images, NetworkConfig net, Path out, Path work) {
        return new TrainConfig(name, domain, images, net, 3, 0, 8, 1e-3f, 0.01f, 0.9f, 0.1f, 0.1f, 0f, 0f, 1000, 5, 100, out, work, 0);
    }

    @Test
    void rgbModelFromClassFoldersServesAtItsShape() throws IOException {
        Path images = root.resolve("shapes");
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 12; i++) {
            // assorted sizes and both formats: every one is resized + centre-cropped to 16x16
            int w = 16 + rng.nextInt(24);
            int h = 16 + rng.nextInt(24);
            ImageIO.write(shape(w, h, Color.RED, true, rng, false), "png",
                    Files.createDirectories(images.resolve("red-circle")).resolve(i + ".png").toFile());
            ImageIO.write(shape(w, h, Color.CYAN, false, rng, false), "jpg",
                    Files.createDirectories(images.resolve("cyan-square")).resolve(i + ".jpg").toFile());
        }
        var splits = ImageFolder.load(images, "shapes", new ImageFolder.Options(16, 16, 3, 0.25, 1));
        NetworkConfig net = NetworkConfig.of(8, 8, 8, 8, true, 16, 16, 3);
        Path out = root.resolve("dmz-shapes");
        Manifest m = new TrainJob(config("dmz-shapes", "shapes", images, net, out, root.resolve("w1")), "0.0.1", "test")
                .run(splits.train(), splits.test());
        assertEquals(List.of(16, 16, 3), m.imageShape());
        assertEquals(net, m.network());
        assertTrue(m.hasLabelHead());
        assertEquals(List.of("cyan-square", "red-circle"), m.labels());
        // the typed record reads back as written
        Manifest reread = new ModelFolder(out).verify();
        assertEquals(net, reread.network());
        assertTrue(Files.readString(out.resolve("README.md")).contains("[B,16,16,3]"));

        try (DmzModel model = DmzModels.load(out)) {
            assertEquals(16, model.info().height());
            assertEquals(3, model.info().channels());
            assertTrue(model.hasLabelHead());
            float[][] x = new float[3][];
            for (int i = 0; i < 3; i++) {
                x[i] = splits.test().image(i);
            }
            Codes codes = model.encode(x);
            assertEquals(8, codes.bits()[0].length);
            float[][] classes = model.classify(codes.probabilities());
            assertEquals(2, classes[0].length);
            float[][] decoded = new DecodePipeline(model, model.sampler(SamplerKind.DDIM)).decode(codes.bits(), 2, new long[]{1, 2, 3});
            assertEquals(16 * 16 * 3, decoded[0].length);
            float[][] again = new DecodePipeline(model, model.sampler(SamplerKind.DDIM)).decode(codes.bits(), 2, new long[]{1, 2, 3});
            assertArrayEquals(decoded[2], again[2], 0f);
            var e = assertThrows(IllegalArgumentException.class, () -> model.encode(new float[][]{new float[16 * 16]}));
            assertTrue(e.getMessage().contains("768"), e.getMessage());
        }
    }

    @Test
    void nonSquareGreyModelFromAFlatFolderHasNoLabelHead() throws IOException {
        Path images = Files.createDirectories(root.resolve("flat"));
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 10; i++) {
            ImageIO.write(shape(32, 24, Color.WHITE, i % 2 == 0, rng, true), "png", images.resolve("img" + i + ".png").toFile());
        }
        var splits = ImageFolder.load(images, "flat", new ImageFolder.Options(0, 0, 0, 0.2, 1));
        NetworkConfig net = NetworkConfig.of(8, 8, 8, 8, true, 24, 32, 1);
        assertEquals(List.of(1, 2, 3), net.channelMultipliers());
        Path out = root.resolve("dmz-flat");
        Manifest m = new TrainJob(config("dmz-flat", "flat", images, net, out, root.resolve("w2")), "0.0.1", "test")
                .run(splits.train(), splits.test());
        assertFalse(m.hasLabelHead());
        assertEquals(Manifest.NO_LABEL_HEAD, m.metrics().get("head"));
        assertEquals(List.of(24, 32, 1), m.imageShape());
        try (DmzModel model = DmzModels.load(out)) {
            assertFalse(model.hasLabelHead());
            assertEquals(32, model.info().width());
            assertEquals(24, model.info().height());
            float[][] x = {splits.test().image(0), splits.test().image(1)};
            Codes codes = model.encode(x);
            float[][] eps = model.denoise(x, new int[]{5, 500}, codes.bits());
            assertEquals(32 * 24, eps[1].length);
            float[][] decoded = new DecodePipeline(model, model.sampler(SamplerKind.DDPM)).decode(codes.bits(), 2, new long[]{7, 8});
            assertEquals(32 * 24, decoded[0].length);
            var e = assertThrows(UnsupportedOperationException.class, () -> model.classify(codes.probabilities()));
            assertTrue(e.getMessage().contains("no_label_head"), e.getMessage());
        }
    }
}

package io.dmzstream.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading image folders: layouts, the resize policy, and each way a folder can be unusable. */
class ImageFolderTest {
    @TempDir
    Path dir;

    static BufferedImage shape(int w, int h, Color colour, boolean grey) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(colour);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }

    static void write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        ImageIO.write(img, name.endsWith(".png") ? "png" : "jpg", file.toFile());
    }

    private static ImageFolder.Options options(int w, int h, int c) {
        return new ImageFolder.Options(w, h, c, 0.25, 1);
    }

    @Test
    void classFoldersGiveSortedLabelsAndTrainTestFoldersGiveSplits() throws IOException {
        for (int i = 0; i < 3; i++) {
            write(shape(20, 20, Color.RED, false), dir.resolve("train/red/r" + i + ".png"));
            write(shape(20, 20, Color.BLUE, false), dir.resolve("train/blue/b" + i + ".jpg"));
        }
        write(shape(20, 20, Color.RED, false), dir.resolve("test/red/r.png"));
        write(shape(20, 20, Color.BLUE, false), dir.resolve("test/blue/nested/b.jpeg"));
        Files.writeString(dir.resolve("train/red/notes.txt"), "not an image: ignored");
        var s = ImageFolder.load(dir, "shapes", options(0, 0, 0));
        assertEquals(List.of("blue", "red"), s.train().classNames());
        assertEquals(6, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals("20x20x3", s.train().describeImage());
        assertTrue(s.testPaths().contains("blue/nested/b.jpeg"), s.testPaths().toString());
        for (int i = 0; i < s.train().size(); i++) {
            byte[] px = s.train().imageBytes(i);
            int centre = (10 * 20 + 10) * 3;
            boolean red = (px[centre] & 0xff) > 200;
            assertEquals(s.trainPaths().get(i).startsWith("red/") ? 1 : 0, s.train().label(i), s.trainPaths().get(i));
            assertEquals(s.train().label(i) == 1, red, "label follows the class folder: " + s.trainPaths().get(i));
        }
    }

    @Test
    void flatFolderIsUnlabelledWithAHeldOutSplit() throws IOException {
        for (int i = 0; i < 8; i++) {
            write(shape(12, 10, Color.WHITE, true), dir.resolve("img" + i + ".png"));
        }
        var s = ImageFolder.load(dir, "flat", options(0, 0, 0));
        assertTrue(s.train().classNames().isEmpty());
        assertEquals(6, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals("12x10x1", s.train().describeImage());
    }

    @Test
    void resizeScalesTheShorterSideThenCentreCrops() throws IOException {
        // 40x20: left half black, right half white, a red stripe in the middle 4 columns
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, x >= 18 && x < 22 ? 0xff0000 : (x < 20 ? 0 : 0xffffff));
            }
        }
        byte[] px = ImageFit.fit(img, 10, 10, 3);
        // short side 20 -> 10 (factor 2): 20x10, centre crop keeps columns 5..14 of it = source 10..29
        assertEquals(300, px.length);
        assertEquals(0, px[(5 * 10) * 3] & 0xff, "left edge of the crop is black");
        assertEquals(255, px[(5 * 10 + 9) * 3] & 0xff, "right edge of the crop is white");
        int red = (5 * 10 + 5) * 3;
        assertTrue((px[red] & 0xff) > 200 && (px[red + 1] & 0xff) < 60, "stripe stays in the centre");
        byte[] grey = ImageFit.fit(img, 10, 10, 1);
        assertEquals(Math.round(0.299f * (px[red] & 0xff) + 0.587f * (px[red + 1] & 0xff) + 0.114f * (px[red + 2] & 0xff)),
                grey[5 * 10 + 5] & 0xff, 1);
    }

    @Test
    void sameSizeGreyImagesPassThroughExactly() {
        BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        byte[] expected = new byte[20];
        for (int i = 0; i < 20; i++) {
            expected[i] = (byte) (i * 13);
            img.getRaster().setSample(i % 5, i / 5, 0, i * 13);
        }
        assertArrayEquals(expected, ImageFit.fit(img, 5, 4, 1));
    }

    @Test
    void emptyFolderFails() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir.resolve("empty"), "x", options(0, 0, 0)));
        assertTrue(e.getMessage().contains("no images in") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void corruptFileFailsNamingIt() throws IOException {
        write(shape(8, 8, Color.RED, false), dir.resolve("a/ok.png"));
        Files.write(dir.resolve("a/broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir, "x", options(8, 8, 3)));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    }

    @Test
    void classWithoutImagesFailsNamingIt() throws IOException {
        write(shape(8, 8, Color.RED, false), dir.resolve("cats/c.png"));
        Files.createDirectories(dir.resolve("dogs"));
        Files.writeString(dir.resolve("dogs/readme.txt"), "no pictures yet");
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir, "x", options(8, 8, 3)));
        assertTrue(e.getMessage().contains("dogs") && e.getMessage().contains("no images"), e.getMessage());
    }

    @Test
    void mixedChannelCountsFailUnlessChannelsAreGiven() throws IOException {
        write(shape(8, 8, Color.RED, false), dir.resolve("a/colour.png"));
        write(shape(8, 8, Color.WHITE, true), dir.resolve("a/grey.png"));
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir, "x", options(0, 0, 0)));
        assertTrue(e.getMessage().contains("mixed channel counts") && e.getMessage().contains("grey.png")
                && e.getMessage().contains("colour.png"), e.getMessage());
        var converted = ImageFolder.load(dir, "x", new ImageFolder.Options(0, 0, 3, 0, 1));
        assertEquals(3, converted.train().channels());
    }

    @Test
    void mixedSizesFailUnlessSizeIsGiven() throws IOException {
        write(shape(8, 8, Color.RED, false), dir.resolve("a.png"));
        write(shape(9, 8, Color.RED, false), dir.resolve("b.png"));
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir, "x", new ImageFolder.Options(0, 0, 0, 0, 1)));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("--size"), e.getMessage());
        assertEquals(2, ImageFolder.load(dir, "x", new ImageFolder.Options(6, 6, 3, 0, 1)).train().size());
    }

    @Test
    void imagesBesideClassFoldersFail() throws IOException {
        write(shape(8, 8, Color.RED, false), dir.resolve("cats/c.png"));
        write(shape(8, 8, Color.RED, false), dir.resolve("stray.png"));
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.load(dir, "x", options(8, 8, 3)));
        assertTrue(e.getMessage().contains("stray.png"), e.getMessage());
    }

    @Test
    void pairedFoldersMustHoldTheSameRelativePaths() throws IOException {
        for (int i = 0; i < 4; i++) {
            write(shape(8, 8, Color.WHITE, true), dir.resolve("grey/d/" + i + ".png"));
            write(shape(12, 12, Color.GREEN, false), dir.resolve("colour/d/" + i + ".png"));
        }
        var pair = ImageFolder.loadPaired(dir.resolve("grey"), "g", new ImageFolder.Options(8, 8, 1, 0.25, 1),
                dir.resolve("colour"), "c", new ImageFolder.Options(12, 12, 3, 0.25, 1));
        assertEquals(pair[0].trainPaths(), pair[1].trainPaths());
        assertEquals(1, pair[0].test().size());
        Files.delete(dir.resolve("colour/d/2.png"));
        write(shape(12, 12, Color.GREEN, false), dir.resolve("colour/d/9.png"));
        var e = assertThrows(ImageFolder.ImageFolderException.class, () -> ImageFolder.loadPaired(dir.resolve("grey"), "g",
                new ImageFolder.Options(8, 8, 1, 0.25, 1), dir.resolve("colour"), "c", new ImageFolder.Options(12, 12, 3, 0.25, 1)));
        assertTrue(e.getMessage().contains("not paired") && (e.getMessage().contains("2.png") || e.getMessage().contains("9.png")),
                e.getMessage());
    }
}

package io.dmzstream.model.data.mnistm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.DataDir;
import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the real MNIST files and photographs fetched by ops/fetch-datasets.sh, on small subsets. */
class MnistMTest {
    private static final int TRAIN = 60;
    private static final int TEST = 30;

    @TempDir
    Path tmp;

    private final List<Path> links = new java.util.ArrayList<>();

    /** Removes the links to the real cache first, so the temporary folder's clean-up never follows them. */
    @AfterEach
    void unlink() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void blendIsTheAbsoluteDifferenceOfTheCropAndThePaddedDigit() {
        int w = 40;
        int h = 35;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7 % 256);
        }
        Photo photo = new Photo("test", w, h, rgb);
        byte[] digit = new byte[28 * 28];
        for (int i = 0; i < digit.length; i++) {
            digit[i] = (byte) (i * 13 % 256);
        }
        int x0 = 5;
        int y0 = 3;
        byte[] out = MnistM.blend(digit, 28, 28, photo, x0, y0);
        assertEquals(32 * 32 * 3, out.length);
        // border (the padding): the photo itself
        assertArrayEquals(new int[] {photo.sample(x0, y0, 0), photo.sample(x0, y0, 1), photo.sample(x0, y0, 2)},
                pixel(out, 0, 0));
        assertArrayEquals(new int[] {photo.sample(x0 + 31, y0 + 31, 0), photo.sample(x0 + 31, y0 + 31, 1),
                photo.sample(x0 + 31, y0 + 31, 2)}, pixel(out, 31, 31));
        // inside: |photo - digit| with the digit shifted by the 2-pixel padding
        for (int[] xy : new int[][] {{2, 2}, {10, 17}, {29, 29}}) {
            int d = digit[(xy[1] - 2) * 28 + (xy[0] - 2)] & 0xff;
            int[] got = pixel(out, xy[0], xy[1]);
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.abs(photo.sample(x0 + xy[0], y0 + xy[1], c) - d), got[c], "channel " + c + " at " + xy[0] + "," + xy[1]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> MnistM.blend(digit, 28, 28, photo, w - 31, 0));
        assertThrows(IllegalArgumentException.class, () -> MnistM.blend(digit, 28, 28, photo, 0, h - 31));
    }

    @Test
    void sameSeedGivesByteIdenticalFoldersAndAnotherSeedDoesNot() throws IOException {
        Path a = dataRoot("a");
        Path b = dataRoot("b");
        Path c = dataRoot("c");
        new MnistM(a, new MnistMConfig(7, TRAIN, TEST)).generate(n -> { });
        new MnistM(b, new MnistMConfig(7, TRAIN, TEST)).generate(n -> { });
        new MnistM(c, new MnistMConfig(8, TRAIN, TEST)).generate(n -> { });
        Map<String, byte[]> first = files(a.resolve(MnistM.FOLDER));
        Map<String, byte[]> second = files(b.resolve(MnistM.FOLDER));
        Map<String, byte[]> other = files(c.resolve(MnistM.FOLDER));
        assertEquals(first.keySet(), second.keySet());
        first.forEach((rel, bytes) -> assertArrayEquals(bytes, second.get(rel), rel));
        long differing = first.keySet().stream().filter(rel -> rel.endsWith(".png"))
                .filter(rel -> !java.util.Arrays.equals(first.get(rel), other.get(rel))).count();
        assertTrue(differing > (TRAIN + TEST) * 9 / 10, "another seed changes nearly every image, got " + differing);
    }

    @Test
    void writesClassFoldersWithPairedGreyImagesAndAManifest() throws IOException {
        Path root = dataRoot("layout");
        MnistM mnistm = new MnistM(root, new MnistMConfig(MnistMConfig.DEFAULT_SEED, TRAIN, TEST));
        MnistM.Outcome outcome = mnistm.generate(n -> { });
        assertFalse(outcome.skipped());
        for (Dataset.Split split : Dataset.Split.values()) {
            Dataset mnist = Datasets.load(root, "mnist", split).head(split == Dataset.Split.TRAIN ? TRAIN : TEST);
            String name = split == Dataset.Split.TRAIN ? "train" : "test";
            try (Stream<Path> dirs = Files.list(mnistm.folder().resolve(name))) {
                assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                        dirs.map(p -> p.getFileName().toString()).sorted().toList());
            }
            int[] expected = new int[10];
            for (int i = 0; i < mnist.size(); i++) {
                expected[mnist.label(i)]++;
                String rel = name + "/" + mnist.label(i) + "/" + String.format("%05d", i) + ".png";
                BufferedImage colour = ImageIO.read(mnistm.folder().resolve(rel).toFile());
                BufferedImage grey = ImageIO.read(mnistm.greyFolder().resolve(rel).toFile());
                assertEquals(32, colour.getWidth(), rel);
                assertEquals(32, colour.getHeight(), rel);
                assertEquals(3, colour.getColorModel().getNumComponents(), rel);
                assertEquals(28, grey.getWidth(), rel);
                assertEquals(1, grey.getColorModel().getNumComponents(), rel);
                byte[] px = mnist.imageBytes(i);
                assertEquals(px[14 * 28 + 14] & 0xff, grey.getRaster().getSample(14, 14, 0), rel + " is the MNIST image");
            }
            for (int d = 0; d < 10; d++) {
                try (Stream<Path> f = Files.list(mnistm.folder().resolve(name).resolve(String.valueOf(d)))) {
                    assertEquals(expected[d], f.count(), name + "/" + d);
                }
                try (Stream<Path> f = Files.list(mnistm.greyFolder().resolve(name).resolve(String.valueOf(d)))) {
                    assertEquals(expected[d], f.count(), "grey " + name + "/" + d);
                }
            }
            List<Integer> counts = split == Dataset.Split.TRAIN ? outcome.manifest().train() : outcome.manifest().test();
            assertEquals(java.util.stream.IntStream.of(expected).boxed().toList(), counts);
        }
        assertTrue(Files.isRegularFile(mnistm.folder().resolve(MnistMManifest.FILE)));
        assertEquals(MnistM.PHOTOS.size() + 4, outcome.manifest().inputs().size());
    }

    @Test
    void aCompleteFolderIsSkippedAndAPartialOrOutdatedOneRegenerated() throws IOException {
        Path root = dataRoot("rerun");
        MnistM mnistm = new MnistM(root, new MnistMConfig(3, TRAIN, TEST));
        assertFalse(mnistm.generate(n -> { }).skipped());
        assertTrue(mnistm.generate(n -> { }).skipped());

        // a run that died before writing the manifest left a partial folder
        Path some = mnistm.folder().resolve("train/5/00000.png");
        byte[] original = Files.readAllBytes(some);
        Files.delete(some);
        Files.delete(mnistm.folder().resolve(MnistMManifest.FILE));
        assertFalse(mnistm.generate(n -> { }).skipped());
        assertArrayEquals(original, Files.readAllBytes(some));

        // other settings: regenerated, with no file of the old size left behind
        MnistM smaller = new MnistM(root, new MnistMConfig(3, TRAIN / 2, TEST));
        assertFalse(smaller.generate(n -> { }).skipped());
        assertEquals(TRAIN / 2 + TEST, files(smaller.folder()).keySet().stream().filter(p -> p.endsWith(".png")).count());
        assertEquals(TRAIN / 2 + TEST, files(smaller.greyFolder()).size());
    }

    @Test
    void licenceNoteAndFetchScriptPinTheSamePhotographs() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        String note = Files.readString(repo.resolve("ops/datasets/mnistm.md"));
        String fetch = Files.readString(repo.resolve("ops/fetch-datasets.sh"));
        for (var e : MnistM.PHOTOS.entrySet()) {
            assertTrue(note.contains("| " + e.getKey() + " | " + e.getValue() + " |"), e.getKey() + " in the licence note");
            assertTrue(fetch.contains("\"" + e.getKey() + " " + e.getValue() + "\""), e.getKey() + " in fetch-datasets.sh");
        }
        long rows = note.lines().filter(l -> l.matches("\\| [a-z_]+\\.(png|jpg) \\|.*")).count();
        assertEquals(MnistM.PHOTOS.size(), rows, "every photograph in the note is one the generator uses");
    }

    @Test
    void missingPhotographsNameTheFetchScript() throws IOException {
        Path root = tmp.resolve("empty");
        Files.createDirectories(root.resolve(MnistM.PHOTO_FOLDER));
        IOException e = assertThrows(IOException.class, () -> MnistM.loadPhotos(root.resolve(MnistM.PHOTO_FOLDER)));
        assertTrue(e.getMessage().contains("ops/fetch-datasets.sh"), e.getMessage());
    }

    /** A data root holding links to the cached MNIST files and photographs. */
    private Path dataRoot(String name) throws IOException {
        Path cache = DataDir.resolve();
        Path root = tmp.resolve(name);
        Files.createDirectories(root);
        links.add(Files.createSymbolicLink(root.resolve("mnist"), cache.resolve("mnist").toAbsolutePath()));
        links.add(Files.createSymbolicLink(root.resolve(MnistM.PHOTO_FOLDER),
                cache.resolve(MnistM.PHOTO_FOLDER).toAbsolutePath()));
        return root;
    }

    private static int[] pixel(byte[] rgb, int x, int y) {
        int o = (y * 32 + x) * 3;
        return new int[] {rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff};
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}

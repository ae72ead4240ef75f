package io.dmzstream.model.data.mnistm;

import io.dmzstream.model.data.DataDir;
import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.export.ModelFolder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * MNIST-M (Ganin and Lempitsky, "Unsupervised Domain Adaptation by Backpropagation", 2015): every
 * MNIST digit blended into a random 32x32 crop of a colour photograph, {@code out = |crop - digit|}
 * per channel. The 28x28 digit is zero-padded to 32x32 (centred, 2 pixels each side) rather than
 * resized, so its strokes keep their exact pixels.
 *
 * <p>Written as an image folder with class subfolders (the torchvision / Keras convention):
 * {@code <data>/mnistm/{train,test}/<digit>/<index>.png} (32x32 RGB), and the paired grey source
 * {@code <data>/mnist-png/{train,test}/<digit>/<index>.png} (the original 28x28 MNIST image) under the
 * same relative path, so a domain-transfer bridge pairs files by path. {@code <index>} is the image's
 * index in its MNIST split, zero-padded to five digits.
 *
 * <p>Deterministic: photo and crop of image i come from a {@link Random} (whose algorithm the JDK
 * specifies) seeded from (seed, split, i) alone, so the bytes do not depend on thread scheduling.
 */
public final class MnistM {
    public static final String FOLDER = "mnistm";
    public static final String GREY_FOLDER = "mnist-png";
    public static final String PHOTO_FOLDER = "skimage-photos";
    public static final int SIZE = 32;
    static final int FORMAT = 1;
    static final String RECIPE = "out = |crop - digit| per RGB channel; digit 28x28 zero-padded to 32x32; "
            + "uniform random photo, uniform random 32x32 crop";

    /**
     * The photographs blended in (from Debian's python3-skimage 0.19.3-8, fetched by
     * ops/fetch-datasets.sh) and their sha256; every one is public domain or CC0, see
     * ops/datasets/mnistm.md. Sorted by name: the order is part of the recipe.
     */
    public static final Map<String, String> PHOTOS = new TreeMap<>(Map.of(
            "astronaut.png", "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
            "chelsea.png", "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
            "coffee.png", "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
            "hubble_deep_field.jpg", "3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4",
            "retina.jpg", "38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6",
            "rocket.jpg", "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c"));

    private static final List<String> MNIST_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** What {@link #generate} did: whether the folder was already complete, and the manifest. */
    public record Outcome(boolean skipped, MnistMManifest manifest, Path folder) {
    }

    private final Path root;
    private final MnistMConfig config;

    /** @param root the data cache ({@link DataDir#resolve()}), holding mnist/ and skimage-photos/ */
    public MnistM(Path root, MnistMConfig config) {
        this.root = root;
        this.config = config;
    }

    public Path folder() {
        return root.resolve(FOLDER);
    }

    public Path greyFolder() {
        return root.resolve(GREY_FOLDER);
    }

    /**
     * Generates the folders unless a complete one with the same manifest is there; a partial or
     * outdated folder is replaced. {@code progress} receives the number of images written so far.
     */
    public Outcome generate(IntConsumer progress) throws IOException {
        List<Photo> photos = loadPhotos(root.resolve(PHOTO_FOLDER));
        Dataset train = head(Datasets.load(root, "mnist", Dataset.Split.TRAIN), config.trainCount());
        Dataset test = head(Datasets.load(root, "mnist", Dataset.Split.TEST), config.testCount());
        MnistMManifest expected = manifest(train, test);
        if (expected.equals(readManifest(folder()))) {
            return new Outcome(true, expected, folder());
        }
        Path colourTmp = root.resolve("." + FOLDER + ".partial");
        Path greyTmp = root.resolve("." + GREY_FOLDER + ".partial");
        deleteTree(colourTmp);
        deleteTree(greyTmp);
        AtomicInteger done = new AtomicInteger();
        for (Dataset split : List.of(train, test)) {
            write(split, photos, colourTmp, greyTmp, () -> progress.accept(done.incrementAndGet()));
        }
        deleteTree(folder());
        deleteTree(greyFolder());
        Files.move(greyTmp, greyFolder(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(colourTmp, folder(), StandardCopyOption.ATOMIC_MOVE);
        Path tmp = folder().resolve(MnistMManifest.FILE + ".tmp");
        ModelFolder.JSON.writeValue(tmp.toFile(), expected);
        Files.move(tmp, folder().resolve(MnistMManifest.FILE), StandardCopyOption.ATOMIC_MOVE);
        return new Outcome(false, expected, folder());
    }

    /** Image {@code index} of {@code split} blended as this generation does it: 32x32 RGB, interleaved. */
    public byte[] blended(Dataset split, int index, List<Photo> photos) {
        Random random = new Random(mix(mix(config.seed()) + split.split().ordinal() * 1_000_003L + index));
        Photo photo = photos.get(random.nextInt(photos.size()));
        int x0 = random.nextInt(photo.width() - SIZE + 1);
        int y0 = random.nextInt(photo.height() - SIZE + 1);
        return blend(split.imageBytes(index), split.height(), split.width(), photo, x0, y0);
    }

    /**
     * The MNIST-M blend: the digit zero-padded (centred) to 32x32, and for every pixel and channel
     * {@code |photo(x0 + x, y0 + y, c) - digit(x, y)|}. Returns 32x32x3 interleaved RGB bytes.
     */
    public static byte[] blend(byte[] digit, int height, int width, Photo photo, int x0, int y0) {
        if (height > SIZE || width > SIZE) {
            throw new IllegalArgumentException("digit " + height + "x" + width + " is larger than " + SIZE + "x" + SIZE);
        }
        if (x0 < 0 || y0 < 0 || x0 + SIZE > photo.width() || y0 + SIZE > photo.height()) {
            throw new IllegalArgumentException("crop at (" + x0 + "," + y0 + ") leaves " + photo.name() + " ("
                    + photo.width() + "x" + photo.height() + ")");
        }
        int top = (SIZE - height) / 2;
        int left = (SIZE - width) / 2;
        byte[] out = new byte[SIZE * SIZE * 3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int dy = y - top;
                int dx = x - left;
                int d = dy >= 0 && dy < height && dx >= 0 && dx < width ? digit[dy * width + dx] & 0xff : 0;
                for (int c = 0; c < 3; c++) {
                    out[(y * SIZE + x) * 3 + c] = (byte) Math.abs(photo.sample(x0 + x, y0 + y, c) - d);
                }
            }
        }
        return out;
    }

    /** The pinned photographs from {@code dir}, checked against their sha256. */
    public static List<Photo> loadPhotos(Path dir) throws IOException {
        List<Photo> photos = new ArrayList<>();
        for (var e : PHOTOS.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new IOException("photograph " + file + " not found: run ops/fetch-datasets.sh " + dir.getParent()
                        + " (or set " + DataDir.ENV + ")");
            }
            String sha = ModelFolder.sha256(file);
            if (!sha.equals(e.getValue())) {
                throw new IOException(file + ": sha256 " + sha + ", expected " + e.getValue()
                        + " (delete it and rerun ops/fetch-datasets.sh)");
            }
            photos.add(Photo.read(file));
        }
        return photos;
    }

    /** Relative path of image {@code index} of {@code split}, the same in the colour and the grey folder. */
    public static String relativePath(Dataset split, int index) {
        return splitName(split) + "/" + split.label(index) + "/" + String.format("%05d", index) + ".png";
    }

    private static String splitName(Dataset split) {
        return split.split() == Dataset.Split.TRAIN ? "train" : "test";
    }

    /**
     * SplitMix64's finaliser. {@link Random}'s first outputs for neighbouring seeds are strongly
     * correlated, so the per-image seeds are scrambled first.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void write(Dataset split, List<Photo> photos, Path colourRoot, Path greyRoot, Runnable tick) {
        for (int label = 0; label < split.classNames().size(); label++) {
            String dir = splitName(split) + "/" + label;
            try {
                Files.createDirectories(colourRoot.resolve(dir));
                Files.createDirectories(greyRoot.resolve(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        IntStream.range(0, split.size()).parallel().forEach(i -> {
            String rel = relativePath(split, i);
            try {
                writeRgb(blended(split, i, photos), colourRoot.resolve(rel));
                writeGrey(split.imageBytes(i), split.height(), split.width(), greyRoot.resolve(rel));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + rel + ": " + e.getMessage(), e);
            }
            tick.run();
        });
    }

    private MnistMManifest manifest(Dataset train, Dataset test) throws IOException {
        Map<String, String> inputs = new TreeMap<>();
        Path mnist = DataDir.require(root, "mnist");
        for (String f : MNIST_FILES) {
            inputs.put("mnist/" + f, ModelFolder.sha256(mnist.resolve(f)));
        }
        PHOTOS.forEach((name, sha) -> inputs.put(PHOTO_FOLDER + "/" + name, sha));
        return new MnistMManifest(FORMAT, RECIPE, config.seed(), SIZE, classCounts(train), classCounts(test),
                GREY_FOLDER, inputs);
    }

    private static MnistMManifest readManifest(Path folder) {
        Path file = folder.resolve(MnistMManifest.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ModelFolder.JSON.readValue(file.toFile(), MnistMManifest.class);
        } catch (IOException e) {
            return null; // unreadable: treated as incomplete and regenerated
        }
    }

    private static List<Integer> classCounts(Dataset d) {
        int[] counts = new int[d.classNames().size()];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        return IntStream.of(counts).boxed().toList();
    }

    private static Dataset head(Dataset d, int n) {
        if (n > d.size()) {
            throw new IllegalArgumentException("MNIST " + d.split() + " has " + d.size() + " images, " + n + " requested");
        }
        return d.head(n);
    }

    static void writeRgb(byte[] rgb, Path file) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        write(image, file);
    }

    static void writeGrey(byte[] grey, int height, int width, Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(grey, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, grey.length);
        write(image, file);
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

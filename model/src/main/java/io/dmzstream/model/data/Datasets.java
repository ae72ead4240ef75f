package io.dmzstream.model.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads the project's domains: the three benchmark ones from the cached raw files (mnist, fashion and
 * edges, derived from fashion), and any other name as the image folder of that name in the data
 * folder (e.g. {@code mnistm}, written by ops/fetch-datasets.sh), read at the images' own size.
 */
public final class Datasets {
    public static final List<String> NAMES = List.of("mnist", "fashion", "edges");

    public static final List<String> MNIST_CLASSES =
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> FASHION_CLASSES = List.of("t-shirt/top", "trouser", "pullover", "dress",
            "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

    private Datasets() {
    }

    public static Dataset load(String name, Dataset.Split split) {
        return load(DataDir.resolve(), name, split);
    }

    public static Dataset load(Path root, String name, Dataset.Split split) {
        String key = name.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "mnist" -> readIdx(root, "mnist", split, MNIST_CLASSES);
            case "fashion" -> readIdx(root, "fashion", split, FASHION_CLASSES);
            case "edges" -> SobelEdges.of(readIdx(root, "fashion", split, FASHION_CLASSES));
            default -> imageFolder(root, name, split);
        };
    }

    /** The last image folder read, so that loading TRAIN and then TEST decodes the folder once. */
    private static ImageFolder.Splits cachedSplits;
    private static Path cachedFolder;

    private static synchronized Dataset imageFolder(Path root, String name, Dataset.Split split) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "' (expected one of " + NAMES
                    + ", or an image folder " + dir + ")");
        }
        if (!dir.equals(cachedFolder)) {
            cachedSplits = ImageFolder.load(dir, name, new ImageFolder.Options(0, 0, 0, 0.1, 1));
            cachedFolder = dir;
        }
        return split == Dataset.Split.TRAIN ? cachedSplits.train() : cachedSplits.test();
    }

    public static List<String> classNames(String name) {
        return "mnist".equalsIgnoreCase(name) ? MNIST_CLASSES : FASHION_CLASSES;
    }

    private static Dataset readIdx(Path root, String folder, Dataset.Split split, List<String> classes) {
        Path dir = DataDir.require(root, folder);
        String prefix = split == Dataset.Split.TRAIN ? "train" : "t10k";
        try {
            IdxReader.IdxArray images = IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte"));
            IdxReader.IdxArray labels = IdxReader.read(dir.resolve(prefix + "-labels-idx1-ubyte"));
            if (images.dims().length != 3 || labels.dims().length != 1) {
                throw new IOException(dir + ": expected rank-3 images and rank-1 labels");
            }
            if (images.count() != labels.count()) {
                throw new IOException(dir + ": " + images.count() + " images but " + labels.count() + " labels");
            }
            return new Dataset(folder, split, images.dims()[1], images.dims()[2], images.data(), labels.data(), classes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + " " + split + " from " + dir + ": " + e.getMessage(), e);
        }
    }
}

package io.dmzstream.model.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of PNG/JPEG images read as a dataset, following the ImageFolder convention of
 * torchvision and Keras {@code image_dataset_from_directory}:
 * <pre>
 * DIR/train/&lt;class&gt;/*.png     DIR/test/&lt;class&gt;/*.png      (labelled, with a test split)
 * DIR/&lt;class&gt;/*.jpg                                           (labelled; test split held out)
 * DIR/*.png                                                    (unlabelled: no label head)
 * </pre>
 * Class names are the sub-folder names in sorted order (label = index); files below a class folder
 * are found at any depth. Each split is in a seeded shuffled order (not grouped by class). Without {@code train}/{@code test} sub-folders a seeded {@code valSplit}
 * fraction of the images is held out as the test split. Every image goes through {@link ImageFit}
 * to the requested size and channels. Files that are not {@code .png}, {@code .jpg} or
 * {@code .jpeg}, and hidden files, are ignored. Problems fail with {@link ImageFolderException}
 * naming the file or folder.
 */
public final class ImageFolder {
    /** What {@link #load} produces: both splits and each image's path relative to its split folder. */
    public record Splits(Dataset train, Dataset test, List<String> trainPaths, List<String> testPaths) {
    }

    /**
     * @param width    target width, or 0 to take the images' own (then every image must have the same size)
     * @param height   target height, or 0 likewise
     * @param channels 1 or 3 to convert every image, or 0 to take the images' own (then all must agree)
     * @param valSplit fraction held out as the test split when the folder has no {@code train}/{@code test}
     * @param seed     seed of that hold-out
     */
    public record Options(int width, int height, int channels, double valSplit, long seed) {
        public Options {
            if ((width == 0) != (height == 0) || width < 0 || height < 0) {
                throw new IllegalArgumentException("give both width and height, or neither");
            }
            if (channels != 0 && channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            if (valSplit < 0 || valSplit >= 1) {
                throw new IllegalArgumentException("val split must be in [0, 1), got " + valSplit);
            }
        }

        public Options withShape(int w, int h, int c) {
            return new Options(w, h, c, valSplit, seed);
        }
    }

    /** A folder that cannot be used for training; the message names the file or folder. */
    public static final class ImageFolderException extends IllegalArgumentException {
        public ImageFolderException(String message) {
            super(message);
        }
    }

    private record Entry(Path file, String relative, int label) {
    }

    private record Decoded(byte[] pixels, int width, int height, int channels) {
    }

    private ImageFolder() {
    }

    /** Reads DIR as described in the class comment; {@code name} becomes the datasets' (domain) name. */
    public static Splits load(Path dir, String name, Options options) {
        if (!Files.isDirectory(dir)) {
            throw new ImageFolderException("image folder not found: " + dir);
        }
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            List<String> classes = classNames(trainDir);
            List<Entry> train = entries(trainDir, classes);
            List<Entry> test = entries(testDir, classNames(testDir));
            requireSameClasses(trainDir, classes, testDir, classNames(testDir));
            return read(name, shuffledInPlace(train, options.seed()), shuffledInPlace(test, options.seed()), classes, options);
        }
        List<String> classes = classNames(dir);
        List<Entry> all = entries(dir, classes);
        List<Entry> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new java.util.Random(options.seed()));
        int held = (int) Math.round(all.size() * options.valSplit());
        if (options.valSplit() > 0 && held == 0 && all.size() > 1) {
            held = 1;
        }
        if (held >= all.size()) {
            throw new ImageFolderException(dir + " has only " + all.size() + " image(s): too few to hold out a test split");
        }
        List<Entry> test = new ArrayList<>(shuffled.subList(0, held));
        List<Entry> train = new ArrayList<>(shuffled.subList(held, shuffled.size()));
        return read(name, shuffledInPlace(train, options.seed()), shuffledInPlace(test, options.seed()), classes, options);
    }

    /**
     * Two folders of paired images (the same relative paths in both, e.g. a grey digit and its colour
     * version), each read at its own model's shape. Pair i of the train splits is image i of both.
     */
    public static Splits[] loadPaired(Path source, String sourceName, Options sourceOptions,
                                      Path target, String targetName, Options targetOptions) {
        Splits a = load(source, sourceName, sourceOptions);
        Splits b = load(target, targetName, targetOptions);
        requirePaired(source, a.trainPaths(), target, b.trainPaths());
        requirePaired(source, a.testPaths(), target, b.testPaths());
        return new Splits[]{a, b};
    }

    private static void requirePaired(Path source, List<String> a, Path target, List<String> b) {
        Map<String, Boolean> inB = new LinkedHashMap<>();
        b.forEach(p -> inB.put(p, true));
        for (String p : a) {
            if (!inB.containsKey(p)) {
                throw new ImageFolderException("not paired: " + source.resolve(p) + " has no counterpart in " + target);
            }
        }
        if (a.size() != b.size() || !a.equals(b)) {
            for (String p : b) {
                if (!a.contains(p)) {
                    throw new ImageFolderException("not paired: " + target.resolve(p) + " has no counterpart in " + source);
                }
            }
            throw new ImageFolderException("not paired: " + source + " and " + target + " hold different images");
        }
    }

    private static void requireSameClasses(Path trainDir, List<String> train, Path testDir, List<String> test) {
        if (!train.equals(test)) {
            throw new ImageFolderException("classes differ: " + trainDir + " has " + train + " but " + testDir + " has " + test);
        }
    }

    /**
     * Folder order groups images by class; a seeded shuffle makes "the first N images" and "the last
     * 10% held out" (smoke runs, label-head early stopping) mixed samples. Two folders with the same
     * relative paths get the same permutation, so pairs stay aligned.
     */
    private static List<Entry> shuffledInPlace(List<Entry> entries, long seed) {
        entries.sort(java.util.Comparator.comparing(Entry::relative));
        Collections.shuffle(entries, new java.util.Random(seed * 0x9E3779B97F4A7C15L + entries.size()));
        return entries;
    }

    /** Sub-folder names (sorted) when the folder is split by class; empty for a flat folder of images. */
    private static List<String> classNames(Path dir) {
        List<String> classes = new ArrayList<>();
        Path looseImage = null;
        for (Path p : list(dir)) {
            if (Files.isDirectory(p)) {
                classes.add(p.getFileName().toString());
            } else if (isImage(p) && looseImage == null) {
                looseImage = p;
            }
        }
        if (!classes.isEmpty() && looseImage != null) {
            throw new ImageFolderException(dir + " mixes images (e.g. " + looseImage.getFileName()
                    + ") with class folders (e.g. " + classes.get(0) + "/): put every image in a class folder, or none");
        }
        if (classes.size() > 256) {
            throw new ImageFolderException(dir + " has " + classes.size() + " class folders; at most 256 are supported");
        }
        Collections.sort(classes);
        return classes;
    }

    private static List<Entry> entries(Path dir, List<String> classes) {
        List<Entry> out = new ArrayList<>();
        if (classes.isEmpty()) {
            for (Path p : list(dir)) {
                if (isImage(p)) {
                    out.add(new Entry(p, p.getFileName().toString(), 0));
                }
            }
            if (out.isEmpty()) {
                throw new ImageFolderException("no images in " + dir + " (expected .png/.jpg/.jpeg files, or class folders of them)");
            }
        } else {
            for (int label = 0; label < classes.size(); label++) {
                Path classDir = dir.resolve(classes.get(label));
                int before = out.size();
                try (Stream<Path> walk = Files.walk(classDir)) {
                    for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                        if (Files.isRegularFile(p) && isImage(p) && !hiddenBelow(classDir, p)) {
                            out.add(new Entry(p, dir.relativize(p).toString().replace('\\', '/'), label));
                        }
                    }
                } catch (IOException e) {
                    throw new ImageFolderException("cannot list " + classDir + ": " + e.getMessage());
                }
                if (out.size() == before) {
                    throw new ImageFolderException("class folder " + classDir + " has no images (.png/.jpg/.jpeg)");
                }
            }
        }
        return out;
    }

    private static Splits read(String name, List<Entry> train, List<Entry> test, List<String> classes, Options options) {
        List<Entry> all = new ArrayList<>(train);
        all.addAll(test);
        Decoded[] decoded = decode(all, options);
        Decoded first = decoded[0];
        int w = options.width() > 0 ? options.width() : first.width();
        int h = options.height() > 0 ? options.height() : first.height();
        int c = options.channels() > 0 ? options.channels() : first.channels();
        for (int i = 1; i < decoded.length; i++) {
            if (options.channels() == 0 && decoded[i].channels() != first.channels()) {
                throw new ImageFolderException("mixed channel counts: " + all.get(0).file() + " has " + first.channels()
                        + ", " + all.get(i).file() + " has " + decoded[i].channels() + "; pass --channels 1 or --channels 3 to convert");
            }
            if (options.width() == 0 && (decoded[i].width() != first.width() || decoded[i].height() != first.height())) {
                throw new ImageFolderException("mixed image sizes: " + all.get(0).file() + " is " + first.width() + "x"
                        + first.height() + ", " + all.get(i).file() + " is " + decoded[i].width() + "x" + decoded[i].height()
                        + "; pass --size WxH to resize and centre-crop");
            }
        }
        Options fixed = options.withShape(w, h, c);
        if (options.width() == 0 || options.channels() == 0) {
            decoded = decode(all, fixed);
        }
        return new Splits(dataset(name, Dataset.Split.TRAIN, train, decoded, 0, w, h, c, classes),
                dataset(name, Dataset.Split.TEST, test, decoded, train.size(), w, h, c, classes),
                train.stream().map(Entry::relative).toList(), test.stream().map(Entry::relative).toList());
    }

    private static Dataset dataset(String name, Dataset.Split split, List<Entry> entries, Decoded[] decoded, int offset,
                                   int w, int h, int c, List<String> classes) {
        int px = w * h * c;
        byte[] pixels = new byte[entries.size() * px];
        byte[] labels = new byte[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            System.arraycopy(decoded[offset + i].pixels(), 0, pixels, i * px, px);
            labels[i] = (byte) entries.get(i).label();
        }
        return new Dataset(name, split, h, w, c, pixels, labels, classes);
    }

    /**
     * Decodes every file (in parallel; the first failure in folder order is reported). With a full
     * shape in {@code options} each image is fitted to it; otherwise only its size and channels are read.
     */
    private static Decoded[] decode(List<Entry> entries, Options options) {
        boolean fit = options.width() > 0 && options.channels() > 0;
        Decoded[] out = new Decoded[entries.size()];
        String[] errors = new String[entries.size()];
        IntStream.range(0, entries.size()).parallel().forEach(i -> {
            Path file = entries.get(i).file();
            try {
                BufferedImage img = ImageIO.read(file.toFile());
                if (img == null) {
                    errors[i] = "cannot decode " + file + ": not a PNG or JPEG image this JVM can read";
                    return;
                }
                int c = ImageFit.channelsOf(img);
                byte[] px = fit ? ImageFit.fit(img, options.width(), options.height(), options.channels()) : null;
                out[i] = new Decoded(px, img.getWidth(), img.getHeight(), c);
            } catch (IOException | RuntimeException e) {
                errors[i] = "cannot read " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
        for (String e : errors) {
            if (e != null) {
                throw new ImageFolderException(e);
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    private static boolean hiddenBelow(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

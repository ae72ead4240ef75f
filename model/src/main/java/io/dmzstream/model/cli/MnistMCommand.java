package io.dmzstream.model.cli;

import io.dmzstream.model.data.DataDir;
import io.dmzstream.model.data.mnistm.MnistM;
import io.dmzstream.model.data.mnistm.MnistMConfig;
import io.dmzstream.model.train.ProgressBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mnistm", mixinStandardHelpOptions = true,
        description = {"Generate MNIST-M: each MNIST digit blended into a random 32x32 crop of a colour photograph "
                + "(out = |crop - digit|), as image folders <data>/mnistm/{train,test}/<digit>/<index>.png "
                + "and the paired grey source <data>/mnist-png/... under the same relative paths.",
                "Deterministic for a seed; skipped when the folder is complete, regenerated when partial or outdated."})
public final class MnistMCommand implements Callable<Integer> {
    @Option(names = "--data", description = "data cache (default: $DMZ_DATA_DIR or ~/.cache/dmz-stream/data)")
    Path data;

    @Option(names = "--seed", description = "seed of the photo and crop choices (default: ${DEFAULT-VALUE})")
    long seed = MnistMConfig.DEFAULT_SEED;

    @Option(names = "--train", description = "MNIST training digits to blend, the first ones (default: ${DEFAULT-VALUE})")
    int train = MnistMConfig.FULL.trainCount();

    @Option(names = "--test", description = "MNIST test digits to blend, the first ones (default: ${DEFAULT-VALUE})")
    int test = MnistMConfig.FULL.testCount();

    @Option(names = "--samples", description = "also write a PNG grid of test samples: per class a grey row and its colour row")
    Path samples;

    @Override
    public Integer call() throws IOException {
        Path root = data != null ? data : DataDir.resolve();
        MnistM mnistm = new MnistM(root, new MnistMConfig(seed, train, test));
        ProgressBar bar = new ProgressBar("mnistm", (long) train + test, 0);
        long start = System.nanoTime();
        // images are written in parallel; the bar is not thread-safe
        MnistM.Outcome outcome = mnistm.generate(done -> {
            synchronized (bar) {
                bar.update(done, "");
            }
        });
        if (outcome.skipped()) {
            System.out.printf("mnistm: already complete in %s (%d train, %d test, seed %d)%n", outcome.folder(),
                    train, test, seed);
        } else {
            System.out.printf("mnistm: %d train + %d test images in %s and %s (seed %d, %.0f s)%n", train, test,
                    outcome.folder(), mnistm.greyFolder(), seed, (System.nanoTime() - start) / 1e9);
        }
        if (samples != null) {
            writeSamples(mnistm, samples, 10);
            System.out.println("mnistm: samples in " + samples);
        }
        return 0;
    }

    /** Per class, a row of grey sources (padded to 32x32) over the row of their colour blends, scaled 3x. */
    private static void writeSamples(MnistM mnistm, Path file, int perClass) throws IOException {
        int scale = 3;
        int cell = MnistM.SIZE * scale + 2;
        BufferedImage grid = new BufferedImage(perClass * cell + 2, 20 * cell + 2, BufferedImage.TYPE_INT_RGB);
        for (int digit = 0; digit < 10; digit++) {
            Path classDir = mnistm.folder().resolve("test").resolve(String.valueOf(digit));
            try (var files = Files.list(classDir)) {
                var names = files.map(p -> p.getFileName().toString()).sorted().limit(perClass).toList();
                for (int c = 0; c < names.size(); c++) {
                    String rel = "test/" + digit + "/" + names.get(c);
                    BufferedImage grey = ImageIO.read(mnistm.greyFolder().resolve(rel).toFile());
                    BufferedImage colour = ImageIO.read(mnistm.folder().resolve(rel).toFile());
                    paste(grid, grey, 2 + c * cell, 2 + 2 * digit * cell, scale);
                    paste(grid, colour, 2 + c * cell, 2 + (2 * digit + 1) * cell, scale);
                }
            }
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ImageIO.write(grid, "png", file.toFile());
    }

    private static void paste(BufferedImage grid, BufferedImage image, int left, int top, int scale) {
        int padX = (MnistM.SIZE - image.getWidth()) / 2;
        int padY = (MnistM.SIZE - image.getHeight()) / 2;
        for (int y = 0; y < image.getHeight() * scale; y++) {
            for (int x = 0; x < image.getWidth() * scale; x++) {
                grid.setRGB(left + padX * scale + x, top + padY * scale + y, image.getRGB(x / scale, y / scale));
            }
        }
    }
}

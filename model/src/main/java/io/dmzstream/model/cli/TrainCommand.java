package io.dmzstream.model.cli;

import io.dmzstream.model.data.Dataset;
import io.dmzstream.model.data.Datasets;
import io.dmzstream.model.data.ImageFolder;
import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.train.CommandLines;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DMZ model (or the matched baseline), its label head, and export it to a zoo folder.")
public final class TrainCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--dataset", required = true, description = "mnist, fashion or edges")
        String dataset;
        @Option(names = "--images", required = true, paramLabel = "DIR",
                description = "a folder of PNG/JPEG images: class sub-folders give labels (a flat folder trains no label head); "
                        + "DIR/train + DIR/test, or --val-split of the images held out")
        Path images;
    }

    @Option(names = "--size", paramLabel = "WxH", description = "image size for --images: the shorter side is scaled to fit, "
            + "then centre-cropped (default: the images' own size, which must then be the same for all)")
    String size;
    @Option(names = "--channels", description = "1 (grey) or 3 (RGB) for --images; images are converted "
            + "(default: the images' own channels, which must then agree)")
    int imageChannels;
    @Option(names = "--val-split", defaultValue = "0.1",
            description = "fraction of --images held out as the test split when DIR has no train/ and test/ (default ${DEFAULT-VALUE})")
    double valSplit;
    @Option(names = "--domain", description = "domain name of --images models (default: the folder's name)")
    String domain;
    @Option(names = "--out", required = true, description = "zoo folder to export to, e.g. model/zoo/dmz-mnist")
    Path out;
    @Option(names = "--name", description = "model name (default: the out folder's name)")
    String name;
    @Option(names = "--model-version", defaultValue = "1.0.0", description = "model version (default ${DEFAULT-VALUE})")
    String version;
    @Option(names = "--bits", defaultValue = "32", description = "code size d (default ${DEFAULT-VALUE})")
    int bits;
    @Option(names = "--steps", defaultValue = "6000", description = "optimiser steps (default ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--max-minutes", defaultValue = "0", description = "stop early after this many minutes (0 = no limit)")
    double maxMinutes;
    @Option(names = "--batch", defaultValue = "64")
    int batch;
    @Option(names = "--lr", defaultValue = "0.001")
    float lr;
    @Option(names = "--weight-decay", defaultValue = "0.01")
    float weightDecay;
    @Option(names = "--ema", defaultValue = "0.999")
    float ema;
    @Option(names = "--input-perturbation", defaultValue = "0.1")
    float gamma;
    @Option(names = "--balance", defaultValue = "0.1", description = "aggregate-posterior balance weight (our addition; 0 = paper recipe)")
    float balance;
    @Option(names = "--confidence", defaultValue = "0", description = "per-image bit-entropy weight (our addition; with "
            + "--balance it raises image-code mutual information and prevents the p = 1/2 collapse: it steers each "
            + "image's bit entropy to 0.5 bits; 0 = off)")
    float confidence;
    @Option(names = "--label-weight", defaultValue = "0", description = "weight of a class term on the code (our "
            + "addition; needs class subfolders): a linear classifier on the soft code, so the class takes bits that "
            + "another factor of the images would otherwise take (default ${DEFAULT-VALUE}, off)")
    float labelWeight;

    @Option(names = "--baseline", description = "train the matched-capacity baseline: a constant token instead of z")
    boolean baseline;
    @Option(names = "--unet-channels", defaultValue = "32", description = "U-Net base channels")
    int unetChannels;
    @Option(names = "--encoder-width", defaultValue = "32", description = "encoder base channels")
    int encoderWidth;
    @Option(names = "--timesteps", defaultValue = "1000")
    int timesteps;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--checkpoint-every", defaultValue = "250")
    int checkpointEvery;
    @Option(names = "--limit", defaultValue = "0", description = "train on the first N images only (smoke runs)")
    int limit;
    @Option(names = "--work-dir", description = "checkpoint folder (default ~/.cache/dmz-stream/train/NAME)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        String modelName = name != null ? name : out.getFileName().toString();
        Path work = workDir != null ? workDir
                : Path.of(System.getProperty("user.home"), ".cache", "dmz-stream", "train", modelName);
        Dataset train;
        Dataset test;
        String dataset;
        if (source.images != null) {
            int[] wh = parseSize(size);
            dataset = domain != null ? domain : source.images.toAbsolutePath().normalize().getFileName().toString();
            var splits = ImageFolder.load(source.images, dataset,
                    new ImageFolder.Options(wh[0], wh[1], imageChannels, valSplit, seed));
            train = splits.train();
            test = splits.test();
        } else {
            if (size != null || imageChannels != 0) {
                throw new IllegalArgumentException("--size and --channels apply to --images only");
            }
            dataset = source.dataset;
            train = Datasets.load(dataset, Dataset.Split.TRAIN);
            test = Datasets.load(dataset, Dataset.Split.TEST);
        }
        var net = NetworkConfig.of(bits, unetChannels, encoderWidth, 8, !baseline, train.height(), train.width(), train.channels());
        var config = new TrainConfig(modelName, dataset, source.images, net, steps, maxMinutes, batch, lr, weightDecay, ema,
                gamma, balance, confidence, labelWeight, timesteps, seed, checkpointEvery, out, work, limit);
        String from = source.images != null
                ? "--images " + CommandLines.homeRelative(source.images) + (size != null ? " --size " + size : "")
                + (imageChannels != 0 ? " --channels " + imageChannels : "") + (domain != null ? " --domain " + domain : "")
                : "--dataset " + dataset;
        String cmd = "ops/dmz train " + from + " --out " + out + " --bits " + bits + " --steps " + steps
                + (maxMinutes > 0 ? " --max-minutes " + (maxMinutes == Math.rint(maxMinutes) ? String.valueOf((long) maxMinutes) : String.valueOf(maxMinutes)) : "")
                + (baseline ? " --baseline" : "") + (balance != 0.1f ? " --balance " + balance : "")
                + (confidence != 0 ? " --confidence " + confidence : "")
                + (labelWeight != 0 ? " --label-weight " + labelWeight : "")
                + (seed != 1 ? " --seed " + seed : "") + (unetChannels != 32 ? " --unet-channels " + unetChannels : "")
                + (encoderWidth != 32 ? " --encoder-width " + encoderWidth : "") + (limit > 0 ? " --limit " + limit : "");
        Manifest m = new TrainJob(config, version, cmd).run(train, test);
        if (m.hasLabelHead()) {
            System.out.printf("%s %s: %d steps, label head %.2f%% (%s)%n", m.name(), m.version(), m.stepsTrained(),
                    100 * ((Number) m.metrics().get("head_accuracy")).doubleValue(), m.metrics().get("head"));
        } else {
            System.out.printf("%s %s: %d steps, no label head (unlabelled images)%n", m.name(), m.version(), m.stepsTrained());
        }
        return 0;
    }

    /** {@code WxH} (e.g. 64x48) to {width, height}; null gives {0, 0} (the images' own size). */
    static int[] parseSize(String size) {
        if (size == null) {
            return new int[]{0, 0};
        }
        String[] p = size.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w >= 4 && h >= 4) {
                    return new int[]{w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--size must be WxH with both at least 4, e.g. 32x32 or 64x48; got '" + size + "'");
    }
}

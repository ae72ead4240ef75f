package io.dmzstream.model.cli;

import io.dmzstream.model.export.Manifest;
import io.dmzstream.model.network.NetworkConfig;
import io.dmzstream.model.train.TrainConfig;
import io.dmzstream.model.train.TrainJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a DMZ model (or the matched baseline), its label head, and export it to a zoo folder.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "mnist, fashion or edges")
    String dataset;
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
    @Option(names = "--baseline", description = "train the matched-capacity baseline: a constant token instead of z")
    boolean baseline;
    @Option(names = "--channels", defaultValue = "32", description = "U-Net base channels")
    int channels;
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
        var net = new NetworkConfig(bits, channels, encoderWidth, 8, !baseline, 28, 28);
        var config = new TrainConfig(modelName, dataset, net, steps, maxMinutes, batch, lr, weightDecay, ema, gamma,
                balance, timesteps, seed, checkpointEvery, out, work, limit);
        String cmd = "ops/dmz train --dataset " + dataset + " --out " + out + " --bits " + bits + " --steps " + steps
                + (baseline ? " --baseline" : "") + (balance != 0.1f ? " --balance " + balance : "")
                + (seed != 1 ? " --seed " + seed : "") + (channels != 32 ? " --channels " + channels : "")
                + (encoderWidth != 32 ? " --encoder-width " + encoderWidth : "") + (limit > 0 ? " --limit " + limit : "");
        Manifest m = new TrainJob(config, version, cmd).run();
        System.out.printf("%s %s: %d steps, label head %.2f%% (%s)%n", m.name(), m.version(), m.stepsTrained(),
                100 * ((Number) m.metrics().get("head_accuracy")).doubleValue(), m.metrics().get("head"));
        return 0;
    }
}

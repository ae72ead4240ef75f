package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.topology.run.ConfigOptions;
import io.dmzstream.topology.run.Models;

import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.topology.config.DmzStreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The README's main-job command: embedded broker, real topology, zoo models, a summary and a grid. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded broker, push N test images through the real topology, print a summary; "
                + "with --generate, send generate commands instead and draw their samples.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = {"-n", "--count"}, defaultValue = "300", description = "Images to publish.")
    int count;

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion (test split).")
    String dataset;

    @Option(names = "--steps", defaultValue = "10", description = "Decode steps K for the reconstructions.")
    int steps;

    @Option(names = "--grid", description = "Where to write the input/output grid (default docs/demo-grid.png, "
            + "docs/demo-transfer-grid.png with --transfer).")
    Path grid;

    @Option(names = "--transfer", arity = "0..1", fallbackValue = "edges:fashion", paramLabel = "SOURCE:TARGET",
            description = "Domain-transfer demo for a zoo pair: edges:fashion (the default: edge maps in, garments "
                    + "out) or mnist:mnistm (grey digits in, colour digits out). Serves dmz-SOURCE, dmz-TARGET and "
                    + "bridge-SOURCE-TARGET.")
    String transfer;

    @Option(names = "--generate", description = "Generation demo: GENERATE commands through Kafka (dmz.commands), "
            + "codes drawn from the model's prior, one row per command (row r = class r for a conditional prior), "
            + "the SampleEvents drawn as a grid (default docs/demo-generate-grid.png).")
    boolean generate;

    @Option(names = "--rows", defaultValue = "10", description = "With --generate: commands (grid rows).")
    int rows;

    @Option(names = "--per-row", defaultValue = "10", description = "With --generate: images per command.")
    int perRow;

    @Option(names = "--seed", defaultValue = "2024", description = "With --generate: seed of row 0 (row r: seed + r).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (generate) {
            return generate();
        }
        TransferPair pair = transfer == null ? null : TransferPair.parse(transfer);
        String source = pair != null ? pair.source() : dataset;
        // serve just what the demo needs, so it runs while other zoo models are still training
        Map<String, String> demo = new java.util.HashMap<>(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-demo-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-demo-" + System.currentTimeMillis(),
                DmzStreamConfig.MODEL_NAMES, pair != null ? pair.models() : "dmz-" + dataset,
                DmzStreamConfig.BRIDGE_NAMES, pair != null ? pair.bridge() : ""));
        DmzStreamConfig config = options.load().with(demo);
        Path gridFile = grid != null ? grid : Path.of(pair != null ? pair.gridFile() : "docs/demo-grid.png");
        DemoRun.Summary summary = DemoRun.run(config, Models.fromConfig(config),
                ImageSource.open(source, ImageFormat.RAW_U8), count, steps, gridFile, System.err,
                pair != null ? pair.target() : null);
        summary.print(System.out);
        return 0;
    }

    private int generate() throws Exception {
        DmzStreamConfig config = options.load().with(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-demo-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-demo-" + System.currentTimeMillis(),
                DmzStreamConfig.MODEL_NAMES, "dmz-" + dataset,
                DmzStreamConfig.BRIDGE_NAMES, ""));
        Path gridFile = grid != null ? grid : Path.of("docs/demo-generate-grid.png");
        GenerateDemo.run(config, Models.fromConfig(config), dataset, rows, perRow, steps, seed, gridFile, System.err)
                .print(System.out);
        return 0;
    }
}

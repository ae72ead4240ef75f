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
        description = "Start an embedded broker, push N test images through the real topology, print a summary.")
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

    @Option(names = "--transfer", description = "Domain-transfer demo: edge maps in, Fashion-MNIST garments out "
            + "(serves dmz-edges, dmz-fashion and bridge-edges-fashion).")
    boolean transfer;

    @Override
    public Integer call() throws Exception {
        String source = transfer ? "edges" : dataset;
        // serve just what the demo needs, so it runs while other zoo models are still training
        Map<String, String> demo = new java.util.HashMap<>(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-demo-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-demo-" + System.currentTimeMillis(),
                DmzStreamConfig.MODEL_NAMES, transfer ? "dmz-edges,dmz-fashion" : "dmz-" + dataset,
                DmzStreamConfig.BRIDGE_NAMES, transfer ? "bridge-edges-fashion" : ""));
        DmzStreamConfig config = options.load().with(demo);
        Path gridFile = grid != null ? grid : Path.of(transfer ? "docs/demo-transfer-grid.png" : "docs/demo-grid.png");
        DemoRun.Summary summary = DemoRun.run(config, Models.fromConfig(config),
                ImageSource.open(source, ImageFormat.RAW_U8), count, steps, gridFile, System.err,
                transfer ? "fashion" : null);
        summary.print(System.out);
        return 0;
    }
}

package io.dmzstream.topology.cli;

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

    @Option(names = "--grid", defaultValue = "docs/demo-grid.png", description = "Where to write the input/reconstruction grid.")
    Path grid;

    @Override
    public Integer call() throws Exception {
        DmzStreamConfig config = options.load().with(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-demo-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-demo-" + System.currentTimeMillis()));
        DemoRun.Summary summary = DemoRun.run(config, Models.fromConfig(config),
                ImageSource.open(dataset, ImageFormat.RAW_U8), count, steps, grid, System.err);
        summary.print(System.out);
        return 0;
    }
}

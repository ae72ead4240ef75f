package io.dmzstream.model.cli;

import io.dmzstream.model.bridge.BridgeJob;
import io.dmzstream.model.train.CommandLines;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-bridge", mixinStandardHelpOptions = true,
        description = "Train the code bridge between two domains' models (domain transfer) and export it.")
public final class TrainBridgeCommand implements Callable<Integer> {
    @Option(names = "--source", defaultValue = "model/zoo/dmz-edges")
    Path source;
    @Option(names = "--target", defaultValue = "model/zoo/dmz-fashion")
    Path target;
    @Option(names = "--source-images", paramLabel = "DIR",
            description = "source-domain image folder paired with --target-images by relative path "
                    + "(default: the models' own datasets, paired by index)")
    Path sourceImages;
    @Option(names = "--target-images", paramLabel = "DIR", description = "target-domain image folder (see --source-images)")
    Path targetImages;
    @Option(names = "--out", defaultValue = "model/zoo/bridge-edges-fashion")
    Path out;
    @Option(names = "--epochs", defaultValue = "40", description = "maximum epochs (early stopping usually ends sooner)")
    int epochs;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--limit", defaultValue = "0", description = "use the first N images only (smoke runs)")
    int limit;

    @Override
    public Integer call() throws Exception {
        String cmd = "ops/dmz train-bridge --source " + source + " --target " + target
                + (sourceImages != null ? " --source-images " + CommandLines.homeRelative(sourceImages)
                + " --target-images " + CommandLines.homeRelative(targetImages) : "")
                + " --out " + out + " --epochs " + epochs;
        var m = new BridgeJob(source, target, sourceImages, targetImages, out, epochs, seed, limit, cmd).run();
        System.out.printf("%s: %s -> %s, test bit accuracy %.4f%n", m.name(), m.sourceModel(), m.targetModel(),
                ((Number) m.metrics().get("test_bit_accuracy")).doubleValue());
        return 0;
    }
}

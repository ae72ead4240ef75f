package io.dmzstream.model.cli;

import io.dmzstream.model.export.PriorManifest;
import io.dmzstream.model.prior.PriorJob;
import io.dmzstream.model.prior.PriorSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-prior", mixinStandardHelpOptions = true,
        description = "Fit a learned prior (MADE) over a model's codes and export it into the model folder's prior/.")
public final class TrainPriorCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder, e.g. model/zoo/dmz-mnist")
    Path model;
    @Option(names = "--hidden", defaultValue = "512", description = "units per hidden layer (default ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--layers", defaultValue = "2", description = "hidden layers, 1 or 2 (default ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--unconditional", description = "ignore the class (default: conditioned on the model's labels)")
    boolean unconditional;
    @Option(names = "--epochs", defaultValue = "100", description = "maximum epochs; early stopping usually ends sooner (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch", defaultValue = "256")
    int batch;
    @Option(names = "--lr", defaultValue = "0.001")
    float lr;
    @Option(names = "--patience", defaultValue = "6", description = "epochs without a better validation NLL before stopping")
    int patience;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--limit", defaultValue = "0", description = "use the first N images of each split only (smoke runs)")
    int limit;

    @Override
    public Integer call() throws Exception {
        var settings = new PriorSettings(hidden, layers, !unconditional, epochs, batch, lr, patience, seed, limit);
        String cmd = "ops/dmz train-prior --model " + model + (hidden != 512 ? " --hidden " + hidden : "")
                + (layers != 2 ? " --layers " + layers : "") + (unconditional ? " --unconditional" : "")
                + (epochs != 100 ? " --epochs " + epochs : "") + (patience != 6 ? " --patience " + patience : "") + (seed != 1 ? " --seed " + seed : "")
                + (limit > 0 ? " --limit " + limit : "");
        PriorManifest m = new PriorJob(model, settings, cmd).run();
        System.out.printf("%s for %s: test NLL %.2f bits per code vs %d bits uniform%n", m.name(), m.model(),
                ((Number) m.metrics().get("nll_bits_test")).doubleValue(), m.bits());
        return 0;
    }
}

package io.dmzstream.model.cli;

import picocli.CommandLine.Command;

/** {@code dataset}: builds derived datasets in the data cache from the fetched raw files. */
@Command(name = "dataset", mixinStandardHelpOptions = true, subcommands = {MnistMCommand.class},
        description = "Build derived datasets in the data cache (after ops/fetch-datasets.sh has fetched the raw files).")
public final class DatasetCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}

package io.dmzstream.model.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the model tools: {@code train}, {@code train-prior}, {@code demo}, {@code eval}, {@code dataset}, ... */
@Command(name = "dmz-model", mixinStandardHelpOptions = true, version = "dmz-model 0.1.0",
        subcommands = {TrainCommand.class, ModelDemoCommand.class, EvalCommand.class, TrainBridgeCommand.class, TrainPriorCommand.class,
                VerifyCommand.class, DatasetCommand.class},
        description = "DMZ diffusion autoencoder: train, export, demo and evaluate models.")
public final class ModelCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ModelCli()).execute(args));
    }
}

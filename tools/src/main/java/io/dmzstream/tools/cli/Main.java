package io.dmzstream.tools.cli;

import io.dmzstream.model.cli.DatasetCommand;
import io.dmzstream.model.cli.EvalCommand;
import io.dmzstream.model.cli.ModelDemoCommand;
import io.dmzstream.model.cli.TrainBridgeCommand;
import io.dmzstream.model.cli.TrainCommand;
import io.dmzstream.model.cli.TrainPriorCommand;
import io.dmzstream.model.cli.VerifyCommand;
import io.dmzstream.topology.run.ConfigDocsCommand;
import io.dmzstream.topology.run.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of DMZ Stream: the service ({@code run}, {@code produce}, {@code consume}, {@code demo},
 * {@code bench}, {@code chaos}) and the model tools of the model module ({@code train}, {@code train-bridge},
 * {@code eval}, {@code verify}, {@code model-demo}).
 */
@Command(name = "dmz-stream", mixinStandardHelpOptions = true, version = "dmz-stream 0.1.0",
        subcommands = {RunCommand.class, ProduceCommand.class, ConsumeCommand.class, DemoCommand.class,
                DashboardCommand.class, BenchCommand.class, ChaosCommand.class, ConfigDocsCommand.class, TrainCommand.class,
                TrainBridgeCommand.class, EvalCommand.class, VerifyCommand.class, ModelDemoCommand.class, DatasetCommand.class,
                TrainPriorCommand.class},
        description = "Kafka Streams service batching image events onto DMZ diffusion-autoencoder models.")
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}

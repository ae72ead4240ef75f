package io.dmzstream.topology.run;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the service artifact ({@code dmz-stream.jar}, what the container image runs): the
 * service itself and its configuration table, nothing of the tools. The full command line, with
 * load generators, demo, bench and the model's commands, is {@code io.dmzstream.tools.cli.Main}.
 */
@Command(name = "dmz-stream", mixinStandardHelpOptions = true, version = "dmz-stream 0.1.0",
        subcommands = {RunCommand.class, ConfigDocsCommand.class},
        description = "Kafka Streams service batching image events onto DMZ diffusion-autoencoder models.")
public final class ServiceMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceMain()).execute(args));
    }
}

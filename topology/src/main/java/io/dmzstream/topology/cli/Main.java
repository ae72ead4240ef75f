package io.dmzstream.topology.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the DMZ Stream service: {@code run}, {@code produce}, {@code consume}, {@code demo}, {@code bench}. */
@Command(name = "dmz-stream", mixinStandardHelpOptions = true, version = "dmz-stream 0.1.0",
        subcommands = {RunCommand.class, ProduceCommand.class, ConsumeCommand.class, DemoCommand.class,
                BenchCommand.class, ConfigDocsCommand.class},
        description = "Kafka Streams service batching image events onto DMZ diffusion-autoencoder models.")
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}

package io.dmzstream.topology.command;

/** Names of the sink nodes the command processor forwards to (its own: sharing a sink node would merge sub-topologies). */
public record CommandSinks(String samples, String deadLetters) {
    public static final CommandSinks DEFAULT = new CommandSinks("samples-sink", "commands-dead-letter-sink");
}

package io.dmzstream.topology.command;

import io.dmzstream.schemas.LatentCommand;

/**
 * A command record's value as received: the decoded command and the exact bytes it came in, so the
 * durable buffer can store them and a dead letter can carry them.
 */
public record ReceivedCommand(LatentCommand event, byte[] bytes) {
}

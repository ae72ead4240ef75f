package io.dmzstream.topology.validation;

import io.dmzstream.schemas.ImageEvent;

/**
 * An input record's value as received: the decoded event and the exact bytes it came in, so a
 * dead letter can carry the original bytes and the durable buffer can store them.
 */
public record ReceivedImage(ImageEvent event, byte[] bytes) {
}

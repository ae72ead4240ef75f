package io.dmzstream.topology.buffer;

import io.dmzstream.topology.engine.Product;

/** Names of the sink nodes the batching processor forwards to. */
public record OutputRouting(String latents, String labels, String reconstructions, String transfers,
                            String deadLetterSink) {
    public static final OutputRouting DEFAULT = new OutputRouting("latents-sink", "labels-sink",
            "reconstructions-sink", "transfers-sink", "dead-letter-sink");

    public String sink(Product kind) {
        return switch (kind) {
            case LATENT -> latents;
            case LABEL -> labels;
            case RECONSTRUCTION -> reconstructions;
            case TRANSFER -> transfers;
            // an image request never asks for one: samples are the command processor's (CommandSinks)
            case SAMPLE -> throw new IllegalArgumentException("no image-path sink for " + kind);
        };
    }
}

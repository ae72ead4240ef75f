package io.dmzstream.topology.config;

import java.util.List;

/** The topic names the service reads and writes. */
public record Topics(String images, String latents, String labels, String reconstructions, String transfers,
                     String deadLetters, String commands, String samples) {
    public List<String> all() {
        return List.of(images, latents, labels, reconstructions, transfers, deadLetters, commands, samples);
    }

    /** The topics the service consumes. */
    public List<String> inputs() {
        return List.of(images, commands);
    }

    /** The outputs of image requests (a command's outputs go to {@link #samples()}). */
    public List<String> outputs() {
        return List.of(latents, labels, reconstructions, transfers);
    }
}

package io.dmzstream.topology.config;

import java.util.List;

/** The topic names the service reads and writes. */
public record Topics(String images, String latents, String labels, String reconstructions, String transfers,
                     String deadLetters) {
    public List<String> all() {
        return List.of(images, latents, labels, reconstructions, transfers, deadLetters);
    }

    public List<String> outputs() {
        return List.of(latents, labels, reconstructions, transfers);
    }
}

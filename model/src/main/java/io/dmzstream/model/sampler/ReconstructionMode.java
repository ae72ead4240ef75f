package io.dmzstream.model.sampler;

import java.util.Locale;

/** How a reconstruction decodes an image's code. */
public enum ReconstructionMode {
    /** Decode the code from fresh seeded noise: the image's content with new details (the default). */
    SEMANTIC,
    /** DDIM-invert the image to x_T given its code, then DDIM-decode that x_T: the image itself, deterministic. */
    EXACT;

    public static ReconstructionMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown reconstruction mode '" + name + "' (expected semantic or exact)");
        }
    }
}

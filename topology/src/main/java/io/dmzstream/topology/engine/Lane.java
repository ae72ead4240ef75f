package io.dmzstream.topology.engine;

import java.util.Locale;

/** The engine's lanes (encode, decode, transfer): each has its own queue and its own kind of device call. */
public enum Lane {
    /** Encoder (+ label head) calls over dynamic batches of images. */
    ENCODE,
    /** Denoiser calls over the active decode trajectories, one per tick. */
    DECODE,
    /** Bridge calls mapping source codes to target codes. */
    TRANSFER;

    /** Lower-case name, as metrics label it. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

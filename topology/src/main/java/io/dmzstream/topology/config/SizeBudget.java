package io.dmzstream.topology.config;

/**
 * How many bytes one record may take given {@code image.max.bytes}: the image plus room for the
 * event's other fields, attributes, headers and record overhead. Inputs, the durable buffer's
 * changelog and dead letters all carry the image, so each limit on the way must admit this.
 */
public final class SizeBudget {
    /** Allowance for everything in a record besides the image bytes. */
    public static final int OVERHEAD_BYTES = 64 * 1024;

    private SizeBudget() {
    }

    public static int recordBytes(DmzStreamConfig config) {
        return config.getInt(DmzStreamConfig.IMAGE_MAX_BYTES) + OVERHEAD_BYTES;
    }
}

package io.dmzstream.topology.config;

/**
 * How many bytes the records on the way may take given {@code image.max.bytes}. An input is the
 * image plus room for the event's other fields, attributes, headers and record overhead; its
 * durable-buffer changelog entry is the input plus a little framing; its dead letter is the input
 * plus the dead-letter headers, each capped at {@code dlq.header.max.bytes}. Each limit on the way
 * must admit the record it carries.
 */
public final class SizeBudget {
    /** Allowance for everything in an input record besides the image bytes. */
    public static final int OVERHEAD_BYTES = 64 * 1024;
    /** The buffer entry's framing around the input's key and value (topic name, coordinates). */
    public static final int CHANGELOG_FRAMING_BYTES = 1024;
    /** Dead-letter headers the service adds (KIP-1034's six, stage, reason, and a stub's two). */
    public static final int DEAD_LETTER_HEADERS = 10;
    /** Per header besides its capped value: name and framing. */
    public static final int HEADER_FRAMING_BYTES = 64;

    private SizeBudget() {
    }

    /** The largest input the service accepts as such. */
    public static int inputBytes(DmzStreamConfig config) {
        return config.getInt(DmzStreamConfig.IMAGE_MAX_BYTES) + OVERHEAD_BYTES;
    }

    public static int changelogBytes(DmzStreamConfig config) {
        return inputBytes(config) + CHANGELOG_FRAMING_BYTES;
    }

    /** The headers a dead letter adds to its input. */
    public static int deadLetterHeaderBytes(DmzStreamConfig config) {
        return DEAD_LETTER_HEADERS * (config.getInt(DmzStreamConfig.DLQ_HEADER_MAX_BYTES) + HEADER_FRAMING_BYTES);
    }

    /** The largest dead letter: a bigger one is replaced by its stub before it is sent. */
    public static int deadLetterBytes(DmzStreamConfig config) {
        return inputBytes(config) + deadLetterHeaderBytes(config);
    }

    /** The largest record the service produces: what the producer and the topics it creates must admit. */
    public static int recordBytes(DmzStreamConfig config) {
        return Math.max(deadLetterBytes(config), changelogBytes(config));
    }
}

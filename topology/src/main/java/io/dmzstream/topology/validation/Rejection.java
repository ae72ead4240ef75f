package io.dmzstream.topology.validation;

/**
 * Why an event cannot be served. {@code reason} is a stable machine-readable code (it goes into the
 * dead-letter headers), {@code message} says what to fix.
 */
public final class Rejection extends RuntimeException {
    public static final String IMAGE_TOO_LARGE = "image_too_large";
    public static final String UNKNOWN_DOMAIN = "unknown_domain";
    public static final String WRONG_DIMENSIONS = "wrong_dimensions";
    public static final String RAW_LENGTH_MISMATCH = "raw_length_mismatch";
    public static final String CORRUPT_PNG = "corrupt_png";
    public static final String CORRUPT_JPEG = "corrupt_jpeg";
    /** width x height (from the PNG/JPEG header, or as a RAW_U8 event states it) above image.max.pixels. */
    public static final String TOO_MANY_PIXELS = "too_many_pixels";
    public static final String NO_OUTPUTS = "no_outputs";
    public static final String STEPS_OUT_OF_RANGE = "steps_out_of_range";
    public static final String MISSING_TARGET_DOMAIN = "missing_target_domain";
    public static final String NO_BRIDGE = "no_bridge";
    public static final String NO_LABEL_HEAD = "no_label_head";
    /** The record has no value (a tombstone). */
    public static final String NULL_VALUE = "null_value";
    /** id, domain, targetDomain or an attribute key or value is longer than its limit. */
    public static final String FIELD_TOO_LONG = "field_too_long";
    public static final String TOO_MANY_ATTRIBUTES = "too_many_attributes";

    private final String reason;

    public Rejection(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** No stack trace: rejections are expected input, not bugs, and they are frequent under attack. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

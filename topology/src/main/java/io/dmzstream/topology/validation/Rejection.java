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
    /** A LatentCommand asks for fewer than 1 (generate) or 2 (interpolate) images, or more than commands.max.count. */
    public static final String COUNT_OUT_OF_RANGE = "count_out_of_range";
    /** A generate command for a domain whose model has no learned code prior. */
    public static final String NO_PRIOR = "no_prior";
    /** A generate command asks for a class its prior cannot condition on (unconditional prior, or no such class). */
    public static final String LABEL_OUT_OF_RANGE = "label_out_of_range";
    /** An interpolate command without its 'from' or 'to' code. */
    public static final String MISSING_CODE = "missing_code";
    /** A code whose d is not the model's code size (or whose bytes do not hold d bits). */
    public static final String WRONG_CODE_LENGTH = "wrong_code_length";
    /** An interpolate command whose codes come from another model than the one serving its domain. */
    public static final String CODES_MODEL_MISMATCH = "codes_model_mismatch";

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

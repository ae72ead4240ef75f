package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.RecordPosition;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Dead-letter header names and the stable values of the stage and reason headers. The first six
 * are KIP-1034's names, exactly as Kafka Streams' own dead-letter queue writes them (UTF-8
 * strings), so one consumer reads both our failures and Kafka's deserialization failures. Kafka has
 * no stage or reason code, so we add headers of our own under our prefix.
 */
public final class DeadLetterHeaders {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    /** The cause chain ({@code Class: message} per cause); whole stack traces only with {@code dlq.stacktrace.enabled}. */
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Where it failed: one of the {@code STAGE_*} values. */
    public static final String STAGE = "dmz.errors.stage";
    /** A stable code for the cause, e.g. {@code corrupt_png}, {@code UNKNOWN_MAGIC_BYTE}, {@code null_value}. */
    public static final String REASON = "dmz.errors.reason";
    /** On a stub: the reason of the dead letter it replaces. */
    public static final String ORIGINAL_REASON = "dmz.errors.original.reason";
    /** On a stub: the size in bytes of the dead letter it replaces. */
    public static final String ORIGINAL_BYTES = "dmz.errors.original.bytes";

    public static final String STAGE_DESERIALIZATION = "deserialization";
    public static final String STAGE_VALIDATION = "validation";
    /** Something unexpected thrown while processing the record (Kafka's processing exception handler). */
    public static final String STAGE_PROCESSING = "processing";
    public static final String STAGE_INFERENCE = "inference";
    public static final String STAGE_RESTORE = "restore";
    /** The record failed the same way {@code poison.max.failures} times. */
    public static final String STAGE_POISON = "poison";
    /** An output could not be produced. */
    public static final String STAGE_PRODUCTION = "production";

    public static final String REASON_PROCESSING_ERROR = "processing_error";
    public static final String REASON_REPEATED_FAILURE = "repeated_failure";
    /** The dead letter was too large for the dead-letter topic: this is its stub (no value). */
    public static final String REASON_DEAD_LETTER_TOO_LARGE = "dead_letter_too_large";
    public static final String REASON_OUTPUT_TOO_LARGE = "output_too_large";
    /** A durable-buffer entry that cannot be read back (restore stage). */
    public static final String REASON_CORRUPT_BUFFER_ENTRY = "corrupt_buffer_entry";

    /** The headers a stub always keeps. */
    static final Set<String> OURS = Set.of(EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET, STAGE, REASON,
            ORIGINAL_REASON, ORIGINAL_BYTES);
    /** How many of {@link #OURS} a dead letter can carry: what the size budget reserves room for. */
    public static final int COUNT = 10;

    private DeadLetterHeaders() {
    }

    /** A header's value as a string, or null. */
    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The input position a dead letter's headers name, or null when they name none. */
    public static RecordPosition position(Headers headers) {
        String topic = get(headers, TOPIC);
        String partition = get(headers, PARTITION);
        String offset = get(headers, OFFSET);
        if (topic == null || partition == null || offset == null) {
            return null;
        }
        try {
            return new RecordPosition(topic, Integer.parseInt(partition), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}

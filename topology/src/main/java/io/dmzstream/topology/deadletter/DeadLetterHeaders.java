package io.dmzstream.topology.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter headers. The first six are KIP-1034's names, exactly as Kafka Streams' own
 * dead-letter queue writes them (UTF-8 strings), so one consumer reads both our validation and
 * inference failures and Kafka's deserialization failures. Kafka has no stage or reason code, so
 * we add two headers of our own under our prefix.
 */
public final class DeadLetterHeaders {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Where it failed: {@code deserialization}, {@code validation}, {@code inference}, {@code restore}. */
    public static final String STAGE = "dmz.errors.stage";
    /** A stable code for the cause, e.g. {@code corrupt_png}, {@code UNKNOWN_MAGIC_BYTE}. */
    public static final String REASON = "dmz.errors.reason";

    public static final String STAGE_DESERIALIZATION = "deserialization";
    public static final String STAGE_VALIDATION = "validation";
    public static final String STAGE_INFERENCE = "inference";
    public static final String STAGE_RESTORE = "restore";

    private DeadLetterHeaders() {
    }

    /** The original record's headers plus the reason headers. */
    public static Headers build(Headers original, Throwable error, String stage, String reason,
                                String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                headers.add(h);
            }
        }
        put(headers, EXCEPTION, error.getClass().getName());
        put(headers, MESSAGE, String.valueOf(error.getMessage()));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        put(headers, STACKTRACE, trace.toString());
        put(headers, TOPIC, topic);
        put(headers, PARTITION, String.valueOf(partition));
        put(headers, OFFSET, String.valueOf(offset));
        addReason(headers, stage, reason);
        return headers;
    }

    public static void addReason(Headers headers, String stage, String reason) {
        put(headers, STAGE, stage);
        put(headers, REASON, reason);
    }

    /** A header's value as a string, or null. */
    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}

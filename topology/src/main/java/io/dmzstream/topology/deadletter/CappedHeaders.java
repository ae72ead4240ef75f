package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.RecordPosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter headers with every value capped at {@code maxBytes} (about 1 KiB by default),
 * so a dead letter is never much bigger than its input, whatever its message repeats. Longer values
 * are cut (at a UTF-8 character boundary) and end with {@code ...[+N bytes]}.
 */
public final class CappedHeaders {
    public static final int DEFAULT_MAX_BYTES = 1024;
    private static final int MIN_MAX_BYTES = 64;

    private final int maxBytes;
    private final boolean stackTraces;

    public CappedHeaders(int maxBytes, boolean stackTraces) {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be >= " + MIN_MAX_BYTES);
        }
        this.maxBytes = maxBytes;
        this.stackTraces = stackTraces;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public ErrorDescription describe(Throwable error) {
        return ErrorDescription.of(error, stackTraces);
    }

    /** The original record's headers (each capped) plus the KIP-1034 and reason headers. */
    public Headers build(Headers original, ErrorDescription error, String stage, String reason, RecordPosition at) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                if (!DeadLetterHeaders.OURS.contains(h.key())) {
                    headers.add(h.key(), cap(h.value()));
                }
            }
        }
        put(headers, DeadLetterHeaders.EXCEPTION, error.exception());
        put(headers, DeadLetterHeaders.MESSAGE, error.message());
        put(headers, DeadLetterHeaders.STACKTRACE, error.trace());
        if (at != null) {
            put(headers, DeadLetterHeaders.TOPIC, at.topic());
            put(headers, DeadLetterHeaders.PARTITION, String.valueOf(at.partition()));
            put(headers, DeadLetterHeaders.OFFSET, String.valueOf(at.offset()));
        }
        put(headers, DeadLetterHeaders.STAGE, stage);
        put(headers, DeadLetterHeaders.REASON, reason);
        return headers;
    }

    /** Caps every header in place (a record someone else built, e.g. Kafka's own dead letter). */
    public void capAll(Headers headers) {
        List<Header> all = new ArrayList<>();
        headers.forEach(all::add);
        for (Header h : all) {
            if (h.value() != null && h.value().length > maxBytes) {
                headers.remove(h.key());
            }
        }
        for (Header h : all) {
            if (h.value() != null && h.value().length > maxBytes) {
                headers.add(h.key(), cap(h.value()));
            }
        }
    }

    /** Sets a header to a string value, capped. */
    public void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : cap(value.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] cap(byte[] value) {
        if (value == null || value.length <= maxBytes) {
            return value;
        }
        byte[] marker = ("...[+" + value.length + " bytes]").getBytes(StandardCharsets.US_ASCII);
        int keep = maxBytes - marker.length;
        // do not split a UTF-8 sequence: step back over continuation bytes (10xxxxxx)
        while (keep > 0 && (value[keep] & 0xC0) == 0x80) {
            keep--;
        }
        byte[] out = new byte[keep + marker.length];
        System.arraycopy(value, 0, out, 0, keep);
        System.arraycopy(marker, 0, out, keep, marker.length);
        return out;
    }
}

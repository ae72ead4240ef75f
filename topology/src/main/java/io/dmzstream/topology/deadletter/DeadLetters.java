package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.RecordPosition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Builds every dead letter the service sends: the input's key and original bytes, its headers and
 * the capped reason headers ({@link CappedHeaders}). A dead letter that would not fit the
 * dead-letter topic ({@code maxLetterBytes}), or whose position the topic already refused once
 * ({@link RefusedLetters}), becomes a stub: no value, the same headers, reason
 * {@code dead_letter_too_large} and the original reason in {@code dmz.errors.original.reason}.
 *
 * <p>One instance per service instance, shared by the batching processors and the exception
 * handlers Kafka Streams creates itself (they find it in the streams properties under
 * {@link #CONFIG}).
 */
public final class DeadLetters {
    /** Streams property holding the instance's {@link DeadLetters}. */
    public static final String CONFIG = "dmz.dead.letters";
    /** Record framing besides key, value and headers (and a margin for the batch around it). */
    static final int RECORD_OVERHEAD_BYTES = 512;

    /** A dead letter's key, value (null for a tombstone or a stub) and headers. */
    public record Letter(byte[] key, byte[] value, Headers headers) {
    }

    private final String topic;
    private final CappedHeaders caps;
    private final int maxLetterBytes;
    private final RefusedLetters refused = new RefusedLetters();

    /**
     * @param topic          the dead-letter topic
     * @param maxLetterBytes the largest dead letter the topic is known to take; bigger ones are stubs
     */
    public DeadLetters(String topic, CappedHeaders caps, int maxLetterBytes) {
        this.topic = topic;
        this.caps = caps;
        this.maxLetterBytes = maxLetterBytes;
    }

    /** The instance's dead letters from the streams properties, or defaults (a handler used alone). */
    public static DeadLetters from(Map<String, ?> configs) {
        if (configs.get(CONFIG) instanceof DeadLetters d) {
            return d;
        }
        Object dlq = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return new DeadLetters(dlq == null ? null : dlq.toString(),
                new CappedHeaders(CappedHeaders.DEFAULT_MAX_BYTES, false), Integer.MAX_VALUE);
    }

    public String topic() {
        return topic;
    }

    public CappedHeaders caps() {
        return caps;
    }

    public RefusedLetters refused() {
        return refused;
    }

    /** The dead letter of the input at {@code at}. */
    public Letter letter(RecordPosition at, byte[] key, byte[] value, Headers original, Throwable error,
                         String stage, String reason) {
        return letter(at, key, value, original, caps.describe(error), stage, reason);
    }

    public Letter letter(RecordPosition at, byte[] key, byte[] value, Headers original, ErrorDescription error,
                         String stage, String reason) {
        return fit(at, new Letter(key, value, caps.build(original, error, stage, reason, at)));
    }

    /** As a record for the dead-letter topic (exception handlers return these to Kafka Streams). */
    public ProducerRecord<byte[], byte[]> record(Letter letter, long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp >= 0 ? timestamp : null, letter.key(), letter.value(),
                letter.headers());
    }

    /**
     * The stub that replaces a dead letter the topic refused, remembering its position so that a
     * retry of the same input stubs at once.
     */
    public ProducerRecord<byte[], byte[]> stubForRefused(ProducerRecord<byte[], byte[]> refusedLetter) {
        RecordPosition at = DeadLetterHeaders.position(refusedLetter.headers());
        refused.add(at);
        Letter full = new Letter(refusedLetter.key(), refusedLetter.value(), refusedLetter.headers());
        Letter stub = stub(full, bytes(full));
        return new ProducerRecord<>(topic, null, refusedLetter.timestamp(), stub.key(), stub.value(), stub.headers());
    }

    private Letter fit(RecordPosition at, Letter letter) {
        int bytes = bytes(letter);
        return bytes > maxLetterBytes || refused.contains(at) ? stub(letter, bytes) : letter;
    }

    /** No value; our headers; the input's own headers and its key while they fit. */
    private Letter stub(Letter full, int fullBytes) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : full.headers()) {
            if (DeadLetterHeaders.OURS.contains(h.key())) {
                headers.add(h.key(), caps.cap(h.value()));
            }
        }
        String reason = DeadLetterHeaders.get(full.headers(), DeadLetterHeaders.REASON);
        if (!DeadLetterHeaders.REASON_DEAD_LETTER_TOO_LARGE.equals(reason)) {
            caps.put(headers, DeadLetterHeaders.ORIGINAL_REASON, reason);
            caps.put(headers, DeadLetterHeaders.ORIGINAL_BYTES, String.valueOf(fullBytes));
        }
        caps.put(headers, DeadLetterHeaders.REASON, DeadLetterHeaders.REASON_DEAD_LETTER_TOO_LARGE);
        byte[] key = full.key() != null && bytes(full.key(), null, headers) <= maxLetterBytes ? full.key() : null;
        for (Header h : full.headers()) {
            if (!DeadLetterHeaders.OURS.contains(h.key())
                    && bytes(key, null, headers) + headerBytes(h.key(), h.value()) <= maxLetterBytes) {
                headers.add(h);
            }
        }
        return new Letter(key, null, headers);
    }

    static int bytes(Letter letter) {
        return bytes(letter.key(), letter.value(), letter.headers());
    }

    static int bytes(byte[] key, byte[] value, Headers headers) {
        long n = RECORD_OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            n += headerBytes(h.key(), h.value());
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static int headerBytes(String key, byte[] value) {
        return 8 + key.getBytes(StandardCharsets.UTF_8).length + (value == null ? 0 : value.length);
    }
}

package io.dmzstream.topology.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.validation.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final int MAX = 8 * 1024;
    private final DeadLetters letters = new DeadLetters("dlq", new CappedHeaders(1024, false), MAX);
    private final RecordPosition at = new RecordPosition("in", 1, 9L);
    private final byte[] key = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void aLetterThatFitsCarriesTheOriginalBytes() {
        byte[] value = new byte[1000];
        DeadLetters.Letter l = letters.letter(at, key, value, null, new Rejection("image_too_large", "big"),
                "validation", "image_too_large");
        assertArrayEquals(value, l.value());
        assertEquals("image_too_large", DeadLetterHeaders.get(l.headers(), DeadLetterHeaders.REASON));
    }

    @Test
    void aLetterTooLargeForTheTopicIsAStubWithTheHeadersAndCoordinates() {
        org.apache.kafka.common.header.Headers original = new RecordHeaders().add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        DeadLetters.Letter l = letters.letter(at, key, new byte[MAX], original, new Rejection("image_too_large", "big"),
                "validation", "image_too_large");
        assertNull(l.value());
        assertArrayEquals(key, l.key());
        assertEquals("dead_letter_too_large", DeadLetterHeaders.get(l.headers(), DeadLetterHeaders.REASON));
        assertEquals("image_too_large", DeadLetterHeaders.get(l.headers(), DeadLetterHeaders.ORIGINAL_REASON));
        assertEquals("validation", DeadLetterHeaders.get(l.headers(), DeadLetterHeaders.STAGE));
        assertEquals(at, DeadLetterHeaders.position(l.headers()));
        assertEquals("abc", DeadLetterHeaders.get(l.headers(), "trace-id"), "the input's headers stay while they fit");
        assertTrue(Integer.parseInt(DeadLetterHeaders.get(l.headers(), DeadLetterHeaders.ORIGINAL_BYTES)) > MAX);
    }

    @Test
    void aPositionTheTopicRefusedOnceGetsAStubAtOnce() {
        DeadLetters.Letter first = letters.letter(at, key, new byte[100], null, new Rejection("corrupt_png", "x"),
                "validation", "corrupt_png");
        ProducerRecord<byte[], byte[]> refused = letters.record(first, 5L);
        ProducerRecord<byte[], byte[]> stub = letters.stubForRefused(refused);
        assertEquals("dlq", stub.topic());
        assertNull(stub.value());
        assertEquals(5L, stub.timestamp());
        assertEquals("corrupt_png", DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.ORIGINAL_REASON));

        DeadLetters.Letter retried = letters.letter(at, key, new byte[100], null, new Rejection("corrupt_png", "x"),
                "validation", "corrupt_png");
        assertNull(retried.value(), "the retry of a refused position is a stub");
        assertEquals("dead_letter_too_large", DeadLetterHeaders.get(retried.headers(), DeadLetterHeaders.REASON));
        DeadLetters.Letter other = letters.letter(new RecordPosition("in", 1, 10L), key, new byte[100], null,
                new Rejection("corrupt_png", "x"), "validation", "corrupt_png");
        assertArrayEquals(new byte[100], other.value(), "other positions are not affected");
    }
}

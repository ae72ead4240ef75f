package io.dmzstream.topology.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.fault.RecordPosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CappedHeadersTest {
    private final CappedHeaders caps = new CappedHeaders(1024, false);
    private final RecordPosition at = new RecordPosition("in", 3, 42L);

    @Test
    void everyValueIsCappedAndSaysHowMuchWasCut() {
        Headers original = new RecordHeaders().add("trace-id", "t".repeat(5000).getBytes(StandardCharsets.UTF_8));
        Headers h = caps.build(original, new ErrorDescription("x.Boom", "m".repeat(100_000), "x.Boom: " + "m".repeat(100_000)),
                "validation", "unknown_domain", at);
        for (Header header : h) {
            assertTrue(header.value().length <= 1024, header.key() + " has " + header.value().length);
        }
        String message = DeadLetterHeaders.get(h, DeadLetterHeaders.MESSAGE);
        assertTrue(message.startsWith("mmmm") && message.endsWith("...[+100000 bytes]"), message);
        assertEquals(1024, h.lastHeader("trace-id").value().length, "the input's own headers are capped too");
        assertEquals("3", DeadLetterHeaders.get(h, DeadLetterHeaders.PARTITION));
        assertEquals("42", DeadLetterHeaders.get(h, DeadLetterHeaders.OFFSET));
        assertEquals("unknown_domain", DeadLetterHeaders.get(h, DeadLetterHeaders.REASON));
    }

    @Test
    void aCutNeverSplitsAUtf8Character() {
        Headers h = new RecordHeaders();
        caps.put(h, "k", "\u00e9".repeat(2000)); // two bytes each
        String value = DeadLetterHeaders.get(h, "k");
        assertFalse(value.contains("\ufffd"), "no broken character");
        assertTrue(h.lastHeader("k").value().length <= 1024);
    }

    @Test
    void noStackFramesByDefaultWholeTracesWhenAskedFor() {
        Exception error = new IllegalStateException("outer", new IllegalArgumentException("inner"));
        String chain = caps.describe(error).trace();
        assertEquals("java.lang.IllegalStateException: outer\nCaused by: java.lang.IllegalArgumentException: inner", chain);
        String full = new CappedHeaders(1 << 16, true).describe(error).trace();
        assertTrue(full.contains("\tat "), full);
    }

    @Test
    void capAllCutsWhatSomeoneElseBuilt() {
        Headers h = new RecordHeaders().add("big", new byte[5000]).add("small", new byte[10]);
        caps.capAll(h);
        assertEquals(1024, h.lastHeader("big").value().length);
        assertEquals(10, h.lastHeader("small").value().length);
    }
}

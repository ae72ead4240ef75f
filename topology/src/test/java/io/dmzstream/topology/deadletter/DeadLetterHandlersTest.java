package io.dmzstream.topology.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.fault.PoisonLedger;
import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.validation.ReceivedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The processing and production exception handlers, each alone, with a hand-made context. */
class DeadLetterHandlersTest {
    private final DeadLetters letters = new DeadLetters("dlq", new CappedHeaders(1024, false), 8192);
    private final PoisonLedger ledger = new PoisonLedger(3);
    private final Map<String, Object> configs = Map.of(DeadLetters.CONFIG, letters, PoisonLedger.CONFIG, ledger);
    private final byte[] raw = {1, 2, 3};

    private static ErrorHandlerContext context(String topic, long offset, byte[] rawValue) {
        return context(topic, offset, rawValue, "batching");
    }

    private static ErrorHandlerContext context(String topic, long offset, byte[] rawValue, String node) {
        return new ErrorHandlerContext() {
            public String topic() { return topic; }
            public int partition() { return 2; }
            public long offset() { return offset; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return node; }
            public TaskId taskId() { return new TaskId(0, 2); }
            public long timestamp() { return 100L; }
            public byte[] sourceRawKey() { return null; }
            public byte[] sourceRawValue() { return rawValue; }
        };
    }

    private DeadLetterProcessingHandler processing() {
        DeadLetterProcessingHandler h = new DeadLetterProcessingHandler();
        h.configure(configs);
        return h;
    }

    private final Record<byte[], ReceivedImage> record = new Record<>("k".getBytes(StandardCharsets.UTF_8),
            new ReceivedImage(new ImageEvent(), raw), 100L);

    @Test
    void anUnexpectedExceptionIsOneDeadLetterWithTheOriginalBytes() {
        // the raw input is gone from the context once something was sent for it: the record still has it
        ProcessingExceptionHandler.Response r = processing().handleError(context("in", 7, null), record,
                new NullPointerException("oops"));
        assertEquals(ProcessingExceptionHandler.Result.RESUME, r.result());
        ProducerRecord<byte[], byte[]> letter = r.deadLetterQueueRecords().get(0);
        assertEquals("dlq", letter.topic());
        assertArrayEquals(raw, letter.value());
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), letter.key());
        assertEquals("processing", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE));
        assertEquals("processing_error", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON));
        assertEquals(NullPointerException.class.getName(), DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.EXCEPTION));
        assertEquals(new RecordPosition("in", 2, 7), DeadLetterHeaders.position(letter.headers()));
    }

    @Test
    void aClientErrorFailsTheTaskAndCountsAgainstTheRecord() {
        RecordPosition at = new RecordPosition("in", 2, 7);
        for (int i = 1; i <= 3; i++) {
            ProcessingExceptionHandler.Response r = processing().handleError(context("in", 7, raw), record,
                    new KafkaException("broken"));
            assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result());
            assertTrue(r.deadLetterQueueRecords().isEmpty());
        }
        assertEquals(3, ledger.poisoned(at).orElseThrow().count());
    }

    @Test
    void aTransientFaultFailsTheTaskWithoutCounting() {
        ProcessingExceptionHandler.Response r = processing().handleError(context("in", 7, raw), record,
                new TimeoutException("registry timed out"));
        assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result());
        processing().handleError(context("in", 7, raw), record, new TimeoutException("again"));
        processing().handleError(context("in", 7, raw), record, new TimeoutException("and again"));
        assertTrue(ledger.poisoned(new RecordPosition("in", 2, 7)).isEmpty());
    }

    @Test
    void anExceptionInASinkIsAboutAnOutputNotTheInput() {
        Record<byte[], Object> output = new Record<>(raw, "an output event", 100L);
        ProcessingExceptionHandler.Response r = processing().handleError(context("in", 7, raw, "latents-sink"), output,
                new IllegalStateException("sink broke"));
        assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result());
        assertTrue(ledger.poisoned(new RecordPosition("in", 2, 7)).isEmpty());
    }

    @Test
    void anExceptionOutsideAnyRecordFailsTheTask() {
        ProcessingExceptionHandler.Response r = processing().handleError(context(null, -1, null), null,
                new IllegalStateException("in punctuation"));
        assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result());
    }

    private DeadLetterProductionHandler production() {
        DeadLetterProductionHandler h = new DeadLetterProductionHandler();
        h.configure(configs);
        return h;
    }

    @Test
    void aDeadLetterTheTopicRefusesBecomesAStub() {
        DeadLetters.Letter l = letters.letter(new RecordPosition("in", 2, 7), raw, new byte[3000], null,
                new IllegalStateException("x"), "validation", "corrupt_png");
        ProducerRecord<byte[], byte[]> refused = letters.record(l, 100L);
        ProductionExceptionHandler.Response r = production().handleError(context(null, -1, null), refused,
                new RecordTooLargeException("too large"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, r.result());
        ProducerRecord<byte[], byte[]> stub = r.deadLetterQueueRecords().get(0);
        assertNull(stub.value());
        assertEquals("dead_letter_too_large", DeadLetterHeaders.get(stub.headers(), DeadLetterHeaders.REASON));
        assertEquals(new RecordPosition("in", 2, 7), DeadLetterHeaders.position(stub.headers()));
        assertTrue(letters.refused().contains(new RecordPosition("in", 2, 7)), "remembered for a retry");

        ProductionExceptionHandler.Response again = production().handleError(context(null, -1, null), stub,
                new RecordTooLargeException("even the stub"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, again.result());
        assertEquals(List.of(), again.deadLetterQueueRecords(), "a refused stub is not sent again and again");
    }

    @Test
    void anOutputTheTopicRefusesIsADeadLetterWithoutValue() {
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("dmz.reconstructions", null, 100L, raw, new byte[10]);
        ProductionExceptionHandler.Response r = production().handleError(context("in", 7, raw), output,
                new RecordTooLargeException("too large"));
        ProducerRecord<byte[], byte[]> letter = r.deadLetterQueueRecords().get(0);
        assertEquals("dlq", letter.topic());
        assertNull(letter.value());
        assertEquals("production", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE));
        assertEquals("output_too_large", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON));
    }

    @Test
    void otherProductionErrorsAreKafkasDefault() {
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("dmz.latents", raw, raw);
        assertEquals(ProductionExceptionHandler.Result.RETRY, production().handleError(context("in", 7, raw), output,
                new TimeoutException("slow broker")).result());
        assertEquals(ProductionExceptionHandler.Result.FAIL, production().handleError(context("in", 7, raw), output,
                new KafkaException("broken")).result());
    }
}

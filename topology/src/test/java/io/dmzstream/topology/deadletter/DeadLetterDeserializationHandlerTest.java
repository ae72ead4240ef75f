package io.dmzstream.topology.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dmzstream.schemas.serde.AvroSerdeException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    @Test
    void ourHeaderNamesAreKafkasOwn() {
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, DeadLetterHeaders.EXCEPTION);
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, DeadLetterHeaders.MESSAGE);
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME, DeadLetterHeaders.STACKTRACE);
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, DeadLetterHeaders.TOPIC);
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, DeadLetterHeaders.PARTITION);
        assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, DeadLetterHeaders.OFFSET);
    }

    @Test
    void kafkasDeadLetterGetsStageAndReason() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));
        byte[] raw = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("in", 2, 7L, "k".getBytes(), raw);
        DeserializationExceptionHandler.Response response = handler.handleError(context(raw),
                record, new AvroSerdeException(AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE, "bad"));
        assertEquals(DeserializationExceptionHandler.Result.RESUME, response.result());
        List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
        assertEquals(1, letters.size());
        ProducerRecord<byte[], byte[]> letter = letters.get(0);
        assertEquals("dlq", letter.topic());
        assertArrayEquals(raw, letter.value());
        assertEquals("deserialization", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE));
        assertEquals("UNKNOWN_MAGIC_BYTE", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON));
        assertEquals("2", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.PARTITION));
        assertEquals("7", DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.OFFSET));
    }

    @Test
    void aRegistryThatCannotBeUsedNowIsNotBadInput() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));
        byte[] raw = {0, 0, 0, 0, 7, 1};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("in", 2, 7L, "k".getBytes(), raw);
        DeserializationExceptionHandler.Response response = handler.handleError(context(raw), record,
                new io.dmzstream.schemas.registry.RegistryUnavailableException("registry answered 503", "http://registry",
                        503, null));
        assertEquals(DeserializationExceptionHandler.Result.FAIL, response.result(), "the task retries it");
        assertEquals(List.of(), response.deadLetterQueueRecords());
    }

    private static ErrorHandlerContext context(byte[] raw) {
        return new ErrorHandlerContext() {
            public String topic() { return "in"; }
            public int partition() { return 2; }
            public long offset() { return 7L; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "source"; }
            public TaskId taskId() { return new TaskId(0, 2); }
            public long timestamp() { return 1L; }
            public byte[] sourceRawKey() { return "k".getBytes(); }
            public byte[] sourceRawValue() { return raw; }
        };
    }
}

package io.dmzstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings the service runs with, as Kafka Streams itself resolves them. */
class StreamsPropertiesTest {
    private final DmzStreamConfig config = new DmzStreamConfig(Map.of());

    private static ConsumerRecord<Object, Object> record(long timestamp) {
        return new ConsumerRecord<>("dmz.images", 0, 7L, timestamp, TimestampType.CREATE_TIME, 0, 0,
                (Object) "k".getBytes(StandardCharsets.UTF_8), (Object) new byte[] {1}, new RecordHeaders(), Optional.empty());
    }

    @Test
    void aRecordWithAnInvalidTimestampIsKeptWithThePartitionTimeAndMarked() {
        TimestampExtractor extractor = new StreamsConfig(StreamsProperties.of(config, "unused:9092"))
                .defaultTimestampExtractor();
        assertEquals(1234L, extractor.extract(record(1234L), 99L), "valid timestamps are kept");

        ConsumerRecord<Object, Object> negative = record(-5L);
        assertEquals(99L, extractor.extract(negative, 99L), "an invalid timestamp falls back to the partition time");
        assertEquals("-5", new String(negative.headers().lastHeader("dmz.timestamp.invalid").value(),
                StandardCharsets.UTF_8), "and the record says what it carried");

        long before = System.currentTimeMillis();
        long extracted = extractor.extract(record(-1L), -1L);
        assertTrue(extracted >= before, "no partition time yet: the wall clock");
    }
}

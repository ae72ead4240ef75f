package io.dmzstream.topology.validation;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's timestamp extractor. Kafka's default fails the stream thread on a negative
 * timestamp (a record written without one), which would stall the partition; the image itself is
 * fine, so the record is kept: it gets its partition's time (the highest valid timestamp seen so
 * far), or the wall clock when the partition has none yet, and a header
 * {@value #INVALID_TIMESTAMP_HEADER} with the timestamp it carried. Its outputs carry the
 * replacement timestamp; its dead letter, if any, also the header.
 */
public final class InvalidTimestampFallback implements TimestampExtractor {
    public static final String INVALID_TIMESTAMP_HEADER = "dmz.timestamp.invalid";
    private static final Logger LOG = LoggerFactory.getLogger(InvalidTimestampFallback.class);

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        long replacement = partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
        try {
            record.headers().remove(INVALID_TIMESTAMP_HEADER);
            record.headers().add(INVALID_TIMESTAMP_HEADER, String.valueOf(timestamp).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException readOnly) {
            // headers of a record someone else owns: keep the record unmarked rather than fail it
        }
        LOG.warn("{}-{}@{} has an invalid timestamp {}; using {} ({})", record.topic(), record.partition(),
                record.offset(), timestamp, replacement, partitionTime >= 0 ? "partition time" : "wall clock");
        return replacement;
    }
}

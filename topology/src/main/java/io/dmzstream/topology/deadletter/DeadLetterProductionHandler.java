package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.output.OutputListener;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' production exception handler ({@code production.exception.handler}): a record the
 * broker or the producer refuses as too large would otherwise fail the task again on every retry.
 * A refused dead letter is replaced by its stub ({@link DeadLetters#stubForRefused}); a refused
 * output by a dead letter without value, stage {@code production}, reason
 * {@code output_too_large}. Everything else is Kafka's default (retry what is retriable, fail the rest).
 *
 * <p>Under at-least-once the stub is sent at once. Under exactly-once the refusal aborts the
 * transaction: the stub is lost with it, the task is retried, and the processor then sends the
 * stub itself because the position is remembered ({@link RefusedLetters}).
 */
public class DeadLetterProductionHandler extends DefaultProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private OutputListener listener = OutputListener.NONE;
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(DeadLetterDeserializationHandler.LISTENER_CONFIG) instanceof OutputListener l) {
            listener = l;
        }
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException)) {
            return super.handleError(context, record, exception);
        }
        if (record.topic().equals(deadLetters.topic())) {
            if (DeadLetterHeaders.REASON_DEAD_LETTER_TOO_LARGE.equals(
                    DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON))) {
                LOG.error("the dead-letter topic {} refuses even a stub ({}): dropped; raise its max.message.bytes",
                        record.topic(), exception.toString());
                return Response.resume();
            }
            ProducerRecord<byte[], byte[]> stub = deadLetters.stubForRefused(record);
            // not counted again: the dead letter was counted under its own reason when it was built
            LOG.warn("dead letter for {} refused by {} ({}): sending a stub", DeadLetterHeaders.position(record.headers()),
                    record.topic(), exception.toString());
            return Response.resume(List.of(stub));
        }
        RecordPosition at = context.topic() == null || context.offset() < 0 ? null
                : new RecordPosition(context.topic(), context.partition(), context.offset());
        LOG.warn("output to {} for {} refused ({}): dead-lettering it", record.topic(), at, exception.toString());
        DeadLetters.Letter letter = deadLetters.letter(at, record.key(), null, null, exception,
                DeadLetterHeaders.STAGE_PRODUCTION, DeadLetterHeaders.REASON_OUTPUT_TOO_LARGE);
        listener.deadLettered(DeadLetterHeaders.STAGE_PRODUCTION, DeadLetterHeaders.REASON_OUTPUT_TOO_LARGE);
        return Response.resume(List.of(deadLetters.record(letter, record.timestamp() == null ? -1 : record.timestamp())));
    }
}

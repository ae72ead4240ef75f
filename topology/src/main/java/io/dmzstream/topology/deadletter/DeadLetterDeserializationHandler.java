package io.dmzstream.topology.deadletter;

import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.topology.fault.Faults;
import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.output.OutputListener;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input that cannot be deserialized goes to Kafka Streams' built-in dead-letter queue
 * ({@code errors.dead.letter.queue.topic.name}, KIP-1034: the handler returns the dead letter and
 * Kafka Streams sends it in the task's transaction), with KIP-1034's headers plus our stage and
 * reason; the stream keeps running. The letter is built by {@link DeadLetters}, so its headers are
 * capped like every other dead letter's. A transient fault (a dependency that cannot be reached) is
 * not bad input: the task fails and is retried instead.
 *
 * <p>Kafka Streams instantiates the handler itself, so the {@link OutputListener} that counts these
 * dead letters arrives as an object value under {@link #LISTENER_CONFIG} in the streams properties
 * (Kafka passes the original values to {@code configure}), and the instance's {@link DeadLetters}
 * under {@link DeadLetters#CONFIG}.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    /** Streams property holding the {@link OutputListener} told of each dead letter (optional). */
    public static final String LISTENER_CONFIG = "dmz.dead.letter.listener";

    private OutputListener listener = OutputListener.NONE;
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(LISTENER_CONFIG) instanceof OutputListener l) {
            listener = l;
        }
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (Faults.isTransient(exception)) {
            LOG.warn("cannot deserialize {}-{}@{} now ({}); the task will retry it", record.topic(), record.partition(),
                    record.offset(), exception.toString());
            return Response.fail();
        }
        String reason = exception instanceof AvroSerdeException a ? a.reason().name()
                : exception.getClass().getSimpleName();
        LOG.warn("dead letter: {}-{}@{} cannot be deserialized ({})", record.topic(), record.partition(),
                record.offset(), reason);
        RecordPosition at = new RecordPosition(record.topic(), record.partition(), record.offset());
        DeadLetters.Letter letter = deadLetters.letter(at, record.key(), record.value(), record.headers(), exception,
                DeadLetterHeaders.STAGE_DESERIALIZATION, reason);
        listener.deadLettered(DeadLetterHeaders.STAGE_DESERIALIZATION, reason);
        return Response.resume(List.of(deadLetters.record(letter, record.timestamp())));
    }
}

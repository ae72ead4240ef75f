package io.dmzstream.topology.deadletter;

import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.topology.output.OutputListener;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' log-and-continue handler with its built-in dead-letter queue
 * ({@code errors.dead.letter.queue.topic.name}, KIP-1034), plus our stage and reason headers so a
 * dead-letter consumer sees the same headers for every stage. The stream keeps running.
 *
 * <p>Kafka Streams instantiates the handler itself, so the {@link OutputListener} that counts these
 * dead letters arrives as an object value under {@link #LISTENER_CONFIG} in the streams properties
 * (Kafka passes the original values to {@code configure}).
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {
    /** Streams property holding the {@link OutputListener} told of each dead letter (optional). */
    public static final String LISTENER_CONFIG = "dmz.dead.letter.listener";

    private OutputListener listener = OutputListener.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(LISTENER_CONFIG) instanceof OutputListener l) {
            listener = l;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
        String reason = exception instanceof AvroSerdeException a ? a.reason().name()
                : exception.getClass().getSimpleName();
        for (ProducerRecord<byte[], byte[]> letter : letters) {
            DeadLetterHeaders.addReason(letter.headers(), DeadLetterHeaders.STAGE_DESERIALIZATION, reason);
        }
        listener.deadLettered(DeadLetterHeaders.STAGE_DESERIALIZATION, reason);
        return Response.resume(letters);
    }
}

package io.dmzstream.topology.deadletter;

import io.dmzstream.schemas.serde.AvroSerdeException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' log-and-continue handler with its built-in dead-letter queue
 * ({@code errors.dead.letter.queue.topic.name}, KIP-1034), plus our stage and reason headers so a
 * dead-letter consumer sees the same headers for every stage. The stream keeps running.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
        String reason = exception instanceof AvroSerdeException a ? a.reason().name()
                : exception.getClass().getSimpleName();
        for (ProducerRecord<byte[], byte[]> letter : letters) {
            DeadLetterHeaders.addReason(letter.headers(), DeadLetterHeaders.STAGE_DESERIALIZATION, reason);
        }
        return Response.resume(letters);
    }
}

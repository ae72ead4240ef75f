package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.Faults;
import io.dmzstream.topology.fault.PoisonLedger;
import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.validation.ReceivedImage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033, {@code processing.exception.handler}):
 * decides what an exception thrown while processing one record means, by {@link Faults}:
 * <ul>
 *   <li>unexpected (a bug, input nobody foresaw): one dead letter, stage {@code processing},
 *       reason {@code processing_error}, through Kafka's dead-letter queue; the stream goes on;</li>
 *   <li>a Kafka client or Streams failure: the task fails and is retried, and the failure is
 *       counted against the record in the {@link PoisonLedger} (enough of the same, and the
 *       batching processor dead-letters the record as poison);</li>
 *   <li>transient (timeouts, a closing engine): the task fails and is retried, nothing counted.</li>
 * </ul>
 * Only an exception in the input processor ({@link #INPUT_PROCESSOR_CONFIG}, the batching
 * processor) is about the input record; one in a sink is about an output, and one from punctuation
 * about no record at all (the batching processor handles its own per-record failures there): the
 * task fails and is retried, nothing counted.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    /** Streams property naming the processor node whose records are the inputs (default {@code batching}). */
    public static final String INPUT_PROCESSOR_CONFIG = "dmz.input.processor";

    private String inputProcessor = "batching";

    private OutputListener listener = OutputListener.NONE;
    private DeadLetters deadLetters;
    private PoisonLedger ledger;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DeadLetterDeserializationHandler.LISTENER_CONFIG) instanceof OutputListener l) {
            listener = l;
        }
        deadLetters = DeadLetters.from(configs);
        ledger = PoisonLedger.from(configs, 3);
        if (configs.get(INPUT_PROCESSOR_CONFIG) != null) {
            inputProcessor = configs.get(INPUT_PROCESSOR_CONFIG).toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        RecordPosition at = context.topic() == null || context.offset() < 0 ? null
                : new RecordPosition(context.topic(), context.partition(), context.offset());
        if (at == null || record == null || !inputProcessor.equals(context.processorNodeId())) {
            LOG.warn("exception in {} not about an input record (task {}): the task will retry", context.processorNodeId(),
                    context.taskId(), exception);
            return Response.fail();
        }
        if (Faults.isTransient(exception)) {
            LOG.warn("transient fault processing {} in {}: the task will retry ({})", at, context.processorNodeId(),
                    exception.toString());
            return Response.fail();
        }
        if (Faults.isInfrastructure(exception)) {
            int count = ledger.recordFailure(at, exception);
            LOG.warn("processing {} failed in {} ({} of {} allowed): the task will retry", at, context.processorNodeId(),
                    count, ledger.maxFailures(), exception);
            return Response.fail();
        }
        LOG.warn("dead letter: unexpected exception processing {} in {}", at, context.processorNodeId(), exception);
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey()
                : record.key() instanceof byte[] k ? k : null;
        byte[] value = context.sourceRawValue() != null ? context.sourceRawValue()
                : record.value() instanceof ReceivedImage r ? r.bytes() : record.value() instanceof byte[] v ? v : null;
        DeadLetters.Letter letter = deadLetters.letter(at, key, value, context.headers(), exception,
                DeadLetterHeaders.STAGE_PROCESSING, DeadLetterHeaders.REASON_PROCESSING_ERROR);
        listener.deadLettered(DeadLetterHeaders.STAGE_PROCESSING, DeadLetterHeaders.REASON_PROCESSING_ERROR);
        return Response.resume(List.of(deadLetters.record(letter, context.timestamp())));
    }
}

package io.dmzstream.topology;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.SizeBudget;
import io.dmzstream.topology.config.TransactionBudget;
import io.dmzstream.topology.deadletter.CappedHeaders;
import io.dmzstream.topology.deadletter.DeadLetterDeserializationHandler;
import io.dmzstream.topology.deadletter.DeadLetterProcessingHandler;
import io.dmzstream.topology.deadletter.DeadLetterProductionHandler;
import io.dmzstream.topology.deadletter.DeadLetters;
import io.dmzstream.topology.fault.PoisonLedger;
import io.dmzstream.topology.validation.InvalidTimestampFallback;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams properties derived from the service configuration, including how every record gets
 * an outcome: the deserialization, processing and production exception handlers (all writing to
 * Kafka's dead-letter queue, {@code errors.dead.letter.queue.topic.name}), the timestamp extractor
 * that keeps records with invalid timestamps, and the instance's {@link DeadLetters} and
 * {@link PoisonLedger}, which the handlers and the batching processors find in these properties.
 */
public final class StreamsProperties {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsProperties.class);

    private StreamsProperties() {
    }

    public static Properties of(DmzStreamConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(DmzStreamConfig.APPLICATION_ID));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(DmzStreamConfig.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(DmzStreamConfig.STREAM_THREADS));
        p.put(StreamsConfig.POLL_MS_CONFIG, config.getLong(DmzStreamConfig.POLL_MS));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(DmzStreamConfig.COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(DmzStreamConfig.STATE_DIR));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(DmzStreamConfig.TOPIC_REPLICATION));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, InvalidTimestampFallback.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.getString(DmzStreamConfig.TOPIC_DLQ));
        p.put(DeadLetters.CONFIG, new DeadLetters(config.getString(DmzStreamConfig.TOPIC_DLQ),
                new CappedHeaders(config.getInt(DmzStreamConfig.DLQ_HEADER_MAX_BYTES),
                        config.getBoolean(DmzStreamConfig.DLQ_STACKTRACE_ENABLED)),
                SizeBudget.deadLetterBytes(config)));
        p.put(DeadLetterProcessingHandler.INPUT_PROCESSOR_CONFIG, DmzTopology.BATCHING);
        p.put(PoisonLedger.CONFIG, new PoisonLedger(config.getInt(DmzStreamConfig.POISON_MAX_FAILURES)));
        // the changelog and outputs must carry what the size check promised
        p.put(StreamsConfig.topicPrefix("max.message.bytes"), String.valueOf(SizeBudget.recordBytes(config)));
        p.putAll(config.streamsOverrides());
        TransactionBudget budget = TransactionBudget.of(config);
        if (budget.raised()) {
            LOG.info("raising transaction.timeout.ms to {} ms so that a full in-flight window ({} = {} ms, then a "
                    + "commit interval and a poll) fits it", budget.transactionTimeoutMs(),
                    DmzStreamConfig.INFLIGHT_WAIT_MAX_MS, budget.waitMaxMs());
            p.put(TransactionBudget.TRANSACTION_TIMEOUT, String.valueOf(budget.transactionTimeoutMs()));
        }
        return p;
    }
}

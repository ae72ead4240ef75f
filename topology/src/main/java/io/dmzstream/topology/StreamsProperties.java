package io.dmzstream.topology;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.SizeBudget;
import io.dmzstream.topology.deadletter.DeadLetterDeserializationHandler;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties derived from the service configuration. */
public final class StreamsProperties {
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
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.getString(DmzStreamConfig.TOPIC_DLQ));
        // the changelog and outputs must carry what the size check promised
        p.put(StreamsConfig.topicPrefix("max.message.bytes"), String.valueOf(SizeBudget.recordBytes(config)));
        p.putAll(config.streamsOverrides());
        return p;
    }
}

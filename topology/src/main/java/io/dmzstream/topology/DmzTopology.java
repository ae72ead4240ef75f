package io.dmzstream.topology;

import io.dmzstream.topology.buffer.Backpressure;
import io.dmzstream.topology.buffer.BatchingSettings;
import io.dmzstream.topology.buffer.DurableBatchingProcessor;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.buffer.OutputRouting;
import io.dmzstream.topology.command.CommandLimits;
import io.dmzstream.topology.command.CommandPlanner;
import io.dmzstream.topology.command.CommandProcessor;
import io.dmzstream.topology.command.CommandSinks;
import io.dmzstream.topology.command.ReceivedCommandSerde;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.config.TransactionBudget;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.output.OutputEvents;
import io.dmzstream.topology.validation.EventBounds;
import io.dmzstream.topology.validation.ImageValidator;
import io.dmzstream.topology.validation.Preprocessing;
import io.dmzstream.topology.validation.ReceivedImageSerde;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor topology (README "Architecture"):
 * <pre>
 *   images (source; Avro deserialization failures -> Kafka's DLQ)
 *     -> batching (validate; durable buffer + engine; forward in offset order)
 *          -> latents | labels | reconstructions | transfers | dead letters (sinks)
 *   commands (source; the same deserialization handling)
 *     -> commands (plan; durable buffer with per-command progress + the engine's decode lane)
 *          -> samples | dead letters (sinks)
 * </pre>
 * The two are separate sub-topologies (own tasks, own stores) sharing one engine, so image decodes
 * and command decodes batch together.
 * What the topology cannot handle itself, Kafka Streams' exception handlers turn into dead letters
 * too (see {@link StreamsProperties}).
 * Keys pass through as bytes, so outputs keep the input key and partitioning follows the producer's.
 */
public final class DmzTopology {
    public static final String SOURCE = "images-source";
    public static final String BATCHING = "batching";
    public static final String COMMANDS_SOURCE = "commands-source";
    public static final String COMMANDS = "commands";
    /** The command processor's durable buffer (changelogged like the image buffer). */
    public static final String COMMANDS_STORE = "dmz-commands-buffer";

    private DmzTopology() {
    }

    public static Topology build(DmzStreamConfig config, InferenceEngine engine, EventSerdes serdes) {
        return build(config, engine, serdes, OutputListener.NONE);
    }

    /** @param listener told of every output and dead letter the batching processor forwards (metrics) */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(DmzStreamConfig config, InferenceEngine engine, EventSerdes serdes,
                                 OutputListener listener) {
        Topics topics = config.topics();
        OutputRouting routing = OutputRouting.DEFAULT;
        BatchingSettings batching = new BatchingSettings(BatchingSettings.DEFAULT_STORE,
                config.getInt(DmzStreamConfig.INFLIGHT_MAX_PER_TASK),
                Duration.ofMillis(config.getLong(DmzStreamConfig.PUNCTUATE_INTERVAL_MS)));
        // one per instance: the byte bound and the wait budget hold across all its tasks
        Backpressure backpressure = new Backpressure(config.getLong(DmzStreamConfig.INFLIGHT_MAX_BYTES),
                Duration.ofMillis(TransactionBudget.of(config).waitMaxMs()));
        EventBounds bounds = new EventBounds(config.getInt(DmzStreamConfig.EVENT_FIELD_MAX_CHARS),
                config.getInt(DmzStreamConfig.EVENT_ATTRIBUTE_MAX_CHARS), config.getInt(DmzStreamConfig.EVENT_ATTRIBUTES_MAX));
        ReceivedImageSerde images = new ReceivedImageSerde(serdes.images());
        OutputEvents outputs = new OutputEvents(config.getInt(DmzStreamConfig.LABEL_TOP_K));
        Preprocessing preprocessing = config.preprocessing();
        try {
            preprocessing.policy().requireServed(engine.catalog().domains());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DmzStreamConfig.IMAGE_RESIZE + ".<domain>", preprocessing.policy(), e.getMessage());
        }

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), images.deserializer(), topics.images());
        topology.addProcessor(BATCHING, () -> new DurableBatchingProcessor(engine,
                new ImageValidator(engine.catalog(), config.getInt(DmzStreamConfig.IMAGE_MAX_BYTES),
                        config.getInt(DmzStreamConfig.DECODE_STEPS_DEFAULT),
                        config.getInt(DmzStreamConfig.DECODE_STEPS_MAX), preprocessing, bounds),
                images, outputs, routing, batching, listener, backpressure), SOURCE);
        // changelogged, uncached: every put/delete reaches the changelog inside the task's transaction
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(batching.storeName()),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()),
                BATCHING);
        ByteArraySerializer keys = new ByteArraySerializer();
        topology.addSink(routing.latents(), topics.latents(), keys, (Serializer) serdes.latents().serializer(), BATCHING);
        topology.addSink(routing.labels(), topics.labels(), keys, (Serializer) serdes.labels().serializer(), BATCHING);
        topology.addSink(routing.reconstructions(), topics.reconstructions(), keys,
                (Serializer) serdes.reconstructions().serializer(), BATCHING);
        topology.addSink(routing.transfers(), topics.transfers(), keys, (Serializer) serdes.transfers().serializer(),
                BATCHING);
        topology.addSink(routing.deadLetterSink(), topics.deadLetters(), keys, (Serializer) new ByteArraySerializer(),
                BATCHING);
        addCommands(topology, config, engine, serdes, listener, backpressure, bounds);
        return topology;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addCommands(Topology topology, DmzStreamConfig config, InferenceEngine engine,
                                    EventSerdes serdes, OutputListener listener, Backpressure backpressure,
                                    EventBounds bounds) {
        Topics topics = config.topics();
        CommandSinks sinks = CommandSinks.DEFAULT;
        BatchingSettings settings = new BatchingSettings(COMMANDS_STORE,
                config.getInt(DmzStreamConfig.INFLIGHT_MAX_PER_TASK),
                Duration.ofMillis(config.getLong(DmzStreamConfig.PUNCTUATE_INTERVAL_MS)));
        ReceivedCommandSerde commands = new ReceivedCommandSerde(serdes.commands());
        CommandPlanner planner = new CommandPlanner(engine, new CommandLimits(config.getInt(DmzStreamConfig.COMMANDS_MAX_COUNT),
                config.getInt(DmzStreamConfig.DECODE_STEPS_DEFAULT), config.getInt(DmzStreamConfig.DECODE_STEPS_MAX), bounds));
        topology.addSource(COMMANDS_SOURCE, new ByteArrayDeserializer(), commands.deserializer(), topics.commands());
        topology.addProcessor(COMMANDS, () -> new CommandProcessor(engine, planner, commands, sinks, settings, listener,
                backpressure), COMMANDS_SOURCE);
        // as the image buffer: every put/delete (a command's progress included) is in the task's transaction
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMMANDS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()),
                COMMANDS);
        ByteArraySerializer keys = new ByteArraySerializer();
        topology.addSink(sinks.samples(), topics.samples(), keys, (Serializer) serdes.samples().serializer(), COMMANDS);
        topology.addSink(sinks.deadLetters(), topics.deadLetters(), keys, (Serializer) new ByteArraySerializer(), COMMANDS);
    }
}

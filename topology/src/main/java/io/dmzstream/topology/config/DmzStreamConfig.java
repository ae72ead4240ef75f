package io.dmzstream.topology.config;

import io.dmzstream.model.sampler.SamplerKind;
import io.dmzstream.model.serving.TensorFlowThreads;
import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.topology.engine.DecodeMode;
import io.dmzstream.topology.engine.Device;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.health.HttpSettings;
import io.dmzstream.topology.validation.Preprocessing;
import io.dmzstream.topology.validation.ResizePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the DMZ Stream service, in the style of Kafka's {@code *Config} classes: every
 * key is a documented constant with a default. Load with {@link #load(Path, Map)}: a properties
 * file, then environment overrides ({@code DMZ_BATCH_MAX_SIZE} sets {@code batch.max.size}).
 * Keys starting with {@code streams.} pass through to Kafka Streams with the prefix removed, so
 * {@code streams.producer.max.request.size} reaches the producer. The schema-registry client's keys
 * ({@link AvroSerdeConfig}: basic auth, trust store, timeouts, retries, auto-register; with the
 * {@code schema.registry.} prefix or in Confluent's spelling) are taken from the file and the
 * environment as well and reach the serdes of every command through {@link #registrySettings()}.
 */
public final class DmzStreamConfig extends AbstractConfig {

    /** Prefix of environment variables that override keys. */
    public static final String ENV_PREFIX = "DMZ_";
    /** Prefix of keys passed through to Kafka Streams (and, with its own prefixes, to its clients). */
    public static final String STREAMS_PREFIX = "streams.";

    /** Kafka bootstrap servers; empty starts an in-process single-node KRaft broker (run/demo only). */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Kafka Streams application id: consumer group, transactional id and state-store prefix. */
    public static final String APPLICATION_ID = "application.id";
    /** Confluent-compatible Schema Registry URL; empty uses Avro single-object encoding without a registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Input topic of ImageEvent records. */
    public static final String TOPIC_IMAGES = "topic.images";
    /** Output topic of LatentEvent records. */
    public static final String TOPIC_LATENTS = "topic.latents";
    /** Output topic of LabelEvent records. */
    public static final String TOPIC_LABELS = "topic.labels";
    /** Output topic of ReconstructionEvent records. */
    public static final String TOPIC_RECONSTRUCTIONS = "topic.reconstructions";
    /** Output topic of TransferEvent records. */
    public static final String TOPIC_TRANSFERS = "topic.transfers";
    /** Input topic of LatentCommand records (generate, interpolate). */
    public static final String TOPIC_COMMANDS = "topic.commands";
    /** Output topic of SampleEvent records: one per image a command makes. */
    public static final String TOPIC_SAMPLES = "topic.samples";
    /** Largest number of images one LatentCommand may ask for (count, or interpolation points). */
    public static final String COMMANDS_MAX_COUNT = "commands.max.count";
    /** Dead-letter topic: original bytes plus reason headers. */
    public static final String TOPIC_DLQ = "topic.dlq";
    /** Partitions of the topics the service creates (embedded broker, or {@code topics.create=true}). */
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    /** Replication factor of topics the service creates. */
    public static final String TOPIC_REPLICATION = "topic.replication.factor";
    /** Create missing topics at start-up. */
    public static final String TOPICS_CREATE = "topics.create";

    /** Largest encode/transfer batch: rows per model call. */
    public static final String BATCH_MAX_SIZE = "batch.max.size";
    /** How long a request may wait for its batch to fill before the batch runs anyway, in ms. */
    public static final String BATCH_MAX_DELAY_MS = "batch.max.delay.ms";
    /** Decode lane: active trajectories per device (B). */
    public static final String DECODE_SLOTS = "decode.slots";
    /** Decode lane batching: {@code continuous} (step-level) or {@code static}. */
    public static final String DECODE_MODE = "decode.mode";
    /** Decode sampler: {@code ddpm} (the paper's default) or {@code ddim}. */
    public static final String DECODE_SAMPLER = "decode.sampler";
    /** Decode steps K when an event does not ask for a number. */
    public static final String DECODE_STEPS_DEFAULT = "decode.steps.default";
    /** Largest K an event may ask for; more goes to the dead-letter topic. */
    public static final String DECODE_STEPS_MAX = "decode.steps.max";
    /** Inference devices, one worker each: {@code cpu}, {@code gpu:0}, ... (GPU needs the model module's GPU profile). */
    public static final String DEVICES = "devices";

    /**
     * TensorFlow intra-op threads per device worker (inter-op is 1). 0 = half the cores, at least 1:
     * on a small machine the other half serves Kafka, which measured faster end to end than giving
     * TensorFlow every core (see docs/benchmarks.md).
     */
    public static final String INFERENCE_THREADS = "inference.threads";

    /**
     * TensorFlow inter-op threads per device worker: kernels of one call that may run side by side.
     * A worker makes one call at a time and the networks are mostly a chain of kernels, so 1 keeps
     * the threads for the intra-op pool; 0 = TensorFlow's default (every core).
     */
    public static final String INFERENCE_INTEROP_THREADS = "inference.interop.threads";

    /**
     * A model call running longer is given up on, in ms: its requests run again once the device
     * answers, the device worker reports stuck (readiness down) until the call returns.
     */
    public static final String INFERENCE_CALL_TIMEOUT_MS = "inference.call.timeout.ms";
    /** How long a device fault keeps the device's circuit open at first, in ms; doubles while faults repeat. */
    public static final String INFERENCE_CIRCUIT_BACKOFF_MS = "inference.circuit.backoff.ms";
    /** The longest a device's circuit stays open before the device is tried again, in ms. */
    public static final String INFERENCE_CIRCUIT_BACKOFF_MAX_MS = "inference.circuit.backoff.max.ms";

    /** Folder holding model folders (each with manifest.json). */
    public static final String MODEL_ZOO_DIR = "model.zoo.dir";
    /** Model folders to serve (names under the zoo); each serves the domain its manifest names. */
    public static final String MODEL_NAMES = "model.names";
    /** Bridge folders under the zoo for domain transfer; empty disables the transfer lane. */
    public static final String BRIDGE_NAMES = "bridge.names";

    /** Kafka Streams threads of this instance (all share one inference engine). */
    public static final String STREAM_THREADS = "stream.threads";
    /** {@code exactly_once_v2} (default) or {@code at_least_once}. */
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    /** Requests one task may have in flight before process() waits (backpressure, bounded memory). */
    public static final String INFLIGHT_MAX_PER_TASK = "inflight.max.per.task";
    /** How often completed results are forwarded, in ms of wall-clock time. */
    public static final String PUNCTUATE_INTERVAL_MS = "punctuate.interval.ms";
    /** Kafka Streams poll.ms: punctuation only runs between polls, so keep it small. */
    public static final String POLL_MS = "poll.ms";
    /** Kafka Streams commit.interval.ms: outputs become visible to read_committed consumers on commit. */
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    /** Kafka Streams state directory (the durable buffer's local RocksDB copy). */
    public static final String STATE_DIR = "state.dir";

    /** Largest accepted image payload in bytes; bigger images go to the dead-letter topic. */
    public static final String IMAGE_MAX_BYTES = "image.max.bytes";
    /**
     * What to do with an image whose shape is not its model's input: {@code reject} (a dead letter,
     * wrong_dimensions) or {@code fit} (resize the shorter side, centre-crop, convert grey/RGB).
     * {@code image.resize.<domain>} overrides it for one domain.
     */
    public static final String IMAGE_RESIZE = "image.resize";
    /** Largest width x height accepted, checked before decoding (from the PNG/JPEG header). */
    public static final String IMAGE_MAX_PIXELS = "image.max.pixels";
    /** Check producer, broker and topic size limits against image.max.bytes at start-up. */
    public static final String SIZE_CHECK_ENABLED = "size.check.enabled";
    /** Labels with their probabilities in each LabelEvent's topK. */
    public static final String LABEL_TOP_K = "label.top.k";

    /** Longest id, domain, targetDomain or attribute key an event may carry, in characters; longer is a dead letter. */
    public static final String EVENT_FIELD_MAX_CHARS = "event.field.max.chars";
    /** Longest attribute value an event may carry, in characters. */
    public static final String EVENT_ATTRIBUTE_MAX_CHARS = "event.attribute.max.chars";
    /** Most attributes an event may carry. */
    public static final String EVENT_ATTRIBUTES_MAX = "event.attributes.max";
    /** Cap on each dead-letter header value, in bytes (longer values are cut and marked). */
    public static final String DLQ_HEADER_MAX_BYTES = "dlq.header.max.bytes";
    /** Whether dead letters carry whole stack traces (by default only the cause chain, no frames). */
    public static final String DLQ_STACKTRACE_ENABLED = "dlq.stacktrace.enabled";
    /** Times a record may fail the same way (killing its stream thread) before it is dead-lettered as poison. */
    public static final String POISON_MAX_FAILURES = "poison.max.failures";
    /** First delay before a dead stream thread is replaced, in ms; doubles on each further failure. */
    public static final String THREAD_REPLACE_BACKOFF_MS = "thread.replace.backoff.ms";
    /** Longest delay before a dead stream thread is replaced, in ms. */
    public static final String THREAD_REPLACE_BACKOFF_MAX_MS = "thread.replace.backoff.max.ms";
    /** Bytes the instance's in-flight requests may hold (decoded pixels) before process() waits. */
    public static final String INFLIGHT_MAX_BYTES = "inflight.max.bytes";
    /**
     * Longest a stream thread waits for in-flight capacity between two punctuations, in ms; 0 derives
     * it: a quarter of the transaction timeout (exactly-once) or of max.poll.interval.ms.
     */
    public static final String INFLIGHT_WAIT_MAX_MS = "inflight.wait.max.ms";

    /** Port of the HTTP endpoints /metrics, /health/live and /health/ready; 0 picks a free port, -1 serves none. */
    public static final String HTTP_PORT = "http.port";
    /** Interface the HTTP endpoints listen on; 0.0.0.0 is every interface. */
    public static final String HTTP_BIND_ADDRESS = "http.bind.address";
    /** HTTP exchanges served at once. */
    public static final String HTTP_THREADS = "http.threads";
    /** Longest one HTTP exchange may take, reading the request included, in ms (slow clients are cut off). */
    public static final String HTTP_REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    /** On shutdown (SIGTERM), how long Kafka Streams may take to finish and commit before it is abandoned, in ms. */
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";

    /** Readiness: the window in which stream-thread replacements are counted, in ms. */
    public static final String HEALTH_CRASHLOOP_WINDOW_MS = "health.crashloop.window.ms";
    /** Readiness: this many stream-thread replacements within the window is a crash loop. */
    public static final String HEALTH_CRASHLOOP_REPLACEMENTS = "health.crashloop.replacements";
    /** Readiness: an input partition with records waiting and no committed progress for this long is stalled, in ms. */
    public static final String HEALTH_STALL_TIMEOUT_MS = "health.stall.timeout.ms";

    /**
     * Environment variables accepted besides {@code DMZ_} + key ({@code DMZ_MODEL_DIR}: a shorter spelling of
     * {@code DMZ_MODEL_ZOO_DIR}); the canonical name wins when both are set.
     */
    private static final Map<String, String> ENV_ALIASES = Map.of("DMZ_MODEL_DIR", MODEL_ZOO_DIR);

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Kafka bootstrap servers; empty starts an in-process single-node KRaft broker (run and demo).")
            .define(APPLICATION_ID, Type.STRING, "dmz-stream", Importance.HIGH,
                    "Kafka Streams application id (consumer group, transactional ids, state store prefix).")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                    "Confluent-compatible Schema Registry URL; empty: Avro single-object encoding, no registry.")
            .define(TOPIC_IMAGES, Type.STRING, "dmz.images", Importance.HIGH, "Input topic (ImageEvent).")
            .define(TOPIC_LATENTS, Type.STRING, "dmz.latents", Importance.MEDIUM, "Output topic (LatentEvent).")
            .define(TOPIC_LABELS, Type.STRING, "dmz.labels", Importance.MEDIUM, "Output topic (LabelEvent).")
            .define(TOPIC_RECONSTRUCTIONS, Type.STRING, "dmz.reconstructions", Importance.MEDIUM,
                    "Output topic (ReconstructionEvent).")
            .define(TOPIC_TRANSFERS, Type.STRING, "dmz.transfers", Importance.MEDIUM, "Output topic (TransferEvent).")
            .define(TOPIC_DLQ, Type.STRING, "dmz.images.dlq", Importance.MEDIUM,
                    "Dead-letter topic: the original bytes with KIP-1034 reason headers (images and commands).")
            .define(TOPIC_COMMANDS, Type.STRING, "dmz.commands", Importance.MEDIUM,
                    "Input topic (LatentCommand): generate from the model's code prior, or interpolate between codes.")
            .define(TOPIC_SAMPLES, Type.STRING, "dmz.samples", Importance.MEDIUM,
                    "Output topic (SampleEvent): one per image a LatentCommand makes.")
            .define(COMMANDS_MAX_COUNT, Type.INT, 64, Range.between(2, 4096), Importance.MEDIUM,
                    "Most images one LatentCommand may ask for (generate count, interpolate points); more is a "
                            + "dead letter (count_out_of_range).")
            .define(TOPIC_PARTITIONS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of topics the service creates.")
            .define(TOPIC_REPLICATION, Type.SHORT, (short) 1, Range.atLeast(1), Importance.LOW,
                    "Replication factor of topics the service creates.")
            .define(TOPICS_CREATE, Type.BOOLEAN, false, Importance.LOW,
                    "Create missing topics at start-up (always true with the embedded broker).")
            .define(BATCH_MAX_SIZE, Type.INT, 32, Range.between(1, 4096), Importance.HIGH,
                    "Largest encode/transfer batch (rows per model call).")
            .define(BATCH_MAX_DELAY_MS, Type.LONG, 5L, Range.between(0, 10_000), Importance.HIGH,
                    "How long a request waits for its batch to fill before the batch runs anyway (ms).")
            .define(DECODE_SLOTS, Type.INT, 32, Range.between(1, 4096), Importance.HIGH,
                    "Decode lane: active trajectories per device (B).")
            .define(DECODE_MODE, Type.STRING, "continuous", ValidString.in("continuous", "static"), Importance.MEDIUM,
                    "Decode batching: continuous (step-level) or static.")
            .define(DECODE_SAMPLER, Type.STRING, "ddpm", ValidString.in("ddpm", "ddim"), Importance.MEDIUM,
                    "Decode sampler: ddpm (ancestral, the paper's default) or ddim.")
            .define(DECODE_STEPS_DEFAULT, Type.INT, 10, Range.between(1, 1000), Importance.MEDIUM,
                    "Decode steps K when the event does not set steps.")
            .define(DECODE_STEPS_MAX, Type.INT, 100, Range.between(1, 1000), Importance.MEDIUM,
                    "Largest K an event may ask for; more is a dead letter.")
            .define(DEVICES, Type.LIST, "cpu", Importance.MEDIUM,
                    "Inference devices, one worker each: cpu, gpu:0, gpu:1, ...")
            .define(INFERENCE_THREADS, Type.INT, 0, Importance.MEDIUM,
                    "TensorFlow intra-op threads per device worker; 0 = half the cores (at least 1).")
            .define(INFERENCE_INTEROP_THREADS, Type.INT, 1, Range.atLeast(0), Importance.LOW,
                    "TensorFlow inter-op threads per device worker (kernels run side by side in one call); "
                            + "0 = TensorFlow's default (every core).")
            .define(INFERENCE_CALL_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A model call running longer is given up on (ms): its requests run again once the device "
                            + "answers; the worker reports stuck (readiness down) until the call returns.")
            .define(INFERENCE_CIRCUIT_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                    "How long a device fault keeps the device's circuit open at first (ms); doubles while "
                            + "faults repeat. Requests wait meanwhile, none is dead-lettered.")
            .define(INFERENCE_CIRCUIT_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "The longest a device's circuit stays open before the device is tried again (ms).")
            .define(MODEL_ZOO_DIR, Type.STRING, "model/zoo", Importance.HIGH,
                    "Folder of model folders (each with manifest.json).")
            .define(MODEL_NAMES, Type.LIST, "dmz-mnist,dmz-fashion", Importance.HIGH,
                    "Model folders to serve; each serves the domain (dataset) its manifest names.")
            .define(BRIDGE_NAMES, Type.LIST, "", Importance.MEDIUM,
                    "Bridge folders under the zoo for domain transfer; empty disables the transfer lane.")
            .define(STREAM_THREADS, Type.INT, 2, Range.atLeast(1), Importance.MEDIUM,
                    "Kafka Streams threads; all share one inference engine.")
            .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2",
                    ValidString.in("exactly_once_v2", "at_least_once"), Importance.HIGH,
                    "exactly_once_v2 (default) or at_least_once.")
            .define(INFLIGHT_MAX_PER_TASK, Type.INT, 128, Range.between(1, 100_000), Importance.MEDIUM,
                    "Requests a task may have in flight before process() waits (backpressure).")
            .define(PUNCTUATE_INTERVAL_MS, Type.LONG, 5L, Range.between(1, 10_000), Importance.LOW,
                    "Wall-clock interval of forwarding completed results (ms).")
            .define(POLL_MS, Type.LONG, 5L, Range.between(1, 10_000), Importance.LOW,
                    "Kafka Streams poll.ms; punctuation runs only between polls, keep it small.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                    "Kafka Streams commit interval (ms); read_committed consumers see outputs on commit.")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/dmz-stream-state",
                    Importance.MEDIUM, "Kafka Streams state directory (local copy of the durable buffer).")
            .define(IMAGE_MAX_BYTES, Type.INT, 256 * 1024, Range.between(1, 512 * 1024 * 1024), Importance.MEDIUM,
                    "Largest accepted image payload (bytes); bigger images are dead letters.")
            .define(IMAGE_RESIZE, Type.STRING, "reject", ValidString.in("reject", "fit"), Importance.MEDIUM,
                    "Image of another shape than its model's input: reject (dead letter, wrong_dimensions) or fit "
                            + "(resize the shorter side, centre-crop, convert grey/RGB; outputs record the sent shape "
                            + "in fittedFrom). image.resize.<domain> (env DMZ_IMAGE_RESIZE_<DOMAIN>) overrides it "
                            + "for one domain.")
            .define(IMAGE_MAX_PIXELS, Type.LONG, Preprocessing.DEFAULT_MAX_PIXELS, Range.between(1, 1L << 28),
                    Importance.MEDIUM, "Largest width x height accepted, checked before decoding (from the PNG/JPEG "
                            + "header, or as a RAW_U8 event states it); more is a dead letter (too_many_pixels).")
            .define(SIZE_CHECK_ENABLED, Type.BOOLEAN, true, Importance.LOW,
                    "Check producer, broker and topic size limits against image.max.bytes at start-up.")
            .define(LABEL_TOP_K, Type.INT, 3, Range.between(1, 1000), Importance.LOW,
                    "Entries in each LabelEvent's topK.")
            .define(EVENT_FIELD_MAX_CHARS, Type.INT, 256, Range.between(1, 1 << 20), Importance.LOW,
                    "Longest id, domain, targetDomain or attribute key an event may carry (characters); "
                            + "longer is a dead letter (field_too_long), checked before anything repeats it.")
            .define(EVENT_ATTRIBUTE_MAX_CHARS, Type.INT, 1024, Range.between(1, 1 << 20), Importance.LOW,
                    "Longest attribute value an event may carry (characters).")
            .define(EVENT_ATTRIBUTES_MAX, Type.INT, 64, Range.between(0, 100_000), Importance.LOW,
                    "Most attributes an event may carry; more is a dead letter (too_many_attributes).")
            .define(DLQ_HEADER_MAX_BYTES, Type.INT, 1024, Range.between(64, 1 << 20), Importance.LOW,
                    "Cap on each dead-letter header value (bytes); longer values are cut and marked.")
            .define(DLQ_STACKTRACE_ENABLED, Type.BOOLEAN, false, Importance.LOW,
                    "Dead letters carry whole stack traces (capped like every header); by default only the "
                            + "cause chain, without frames.")
            .define(POISON_MAX_FAILURES, Type.INT, 3, Range.between(1, 1000), Importance.MEDIUM,
                    "Times a record may fail the same way (a client error or a dying stream thread) before it is "
                            + "dead-lettered with stage poison, so its partition moves on.")
            .define(THREAD_REPLACE_BACKOFF_MS, Type.LONG, 1000L, Range.between(0, 600_000), Importance.LOW,
                    "First delay before a dead stream thread is replaced (ms); doubles per further failure.")
            .define(THREAD_REPLACE_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.between(0, 3_600_000), Importance.LOW,
                    "Longest delay before a dead stream thread is replaced (ms).")
            .define(INFLIGHT_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                    "Bytes the instance's in-flight requests may hold (decoded pixels) before process() waits.")
            .define(INFLIGHT_WAIT_MAX_MS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                    "Longest a stream thread waits for in-flight capacity between punctuations (ms), so a "
                            + "transaction never outlives its timeout; 0 = a quarter of transaction.timeout.ms "
                            + "(exactly-once) or of max.poll.interval.ms.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP endpoints /metrics (Prometheus), /health/live and /health/ready; "
                            + "0 picks a free port, -1 serves none.")
            .define(HTTP_BIND_ADDRESS, Type.STRING, "0.0.0.0", Importance.LOW,
                    "Interface the HTTP endpoints listen on; 0.0.0.0 is every interface.")
            .define(HTTP_THREADS, Type.INT, 128, Range.between(1, 1024), Importance.LOW,
                    "HTTP exchanges served at once; threads start on demand and end after 30 s idle (a slow client "
                    + "holds one for at most http.request.timeout.ms, so this many slow clients at once are needed to "
                    + "delay /health/live).")
            .define(HTTP_REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "Longest one HTTP exchange may take, reading the request included (ms).")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    "On shutdown (SIGTERM), how long Kafka Streams may take to finish and commit (ms); "
                            + "what does not finish stays in the durable buffer.")
            .define(HEALTH_CRASHLOOP_WINDOW_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.LOW,
                    "Readiness: window in which stream-thread replacements are counted (ms).")
            .define(HEALTH_CRASHLOOP_REPLACEMENTS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
                    "Readiness: this many stream-thread replacements within the window is a crash loop (not ready).")
            .define(HEALTH_STALL_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.LOW,
                    "Readiness: an input partition with records waiting whose committed offset has not moved "
                            + "for this long is stalled (ms).");

    public DmzStreamConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        if (getInt(DECODE_STEPS_DEFAULT) > getInt(DECODE_STEPS_MAX)) {
            throw new ConfigException(DECODE_STEPS_DEFAULT, getInt(DECODE_STEPS_DEFAULT),
                    "must not exceed " + DECODE_STEPS_MAX + " = " + getInt(DECODE_STEPS_MAX));
        }
        if (getLong(INFERENCE_CIRCUIT_BACKOFF_MAX_MS) < getLong(INFERENCE_CIRCUIT_BACKOFF_MS)) {
            throw new ConfigException(INFERENCE_CIRCUIT_BACKOFF_MAX_MS, getLong(INFERENCE_CIRCUIT_BACKOFF_MAX_MS),
                    "must be at least " + INFERENCE_CIRCUIT_BACKOFF_MS + " = " + getLong(INFERENCE_CIRCUIT_BACKOFF_MS));
        }
        devices(); // fail at start-up, not at first use
        AvroSerdeConfig.fromProperties(registrySettings()); // a bad URL, missing credentials, an unreadable trust store
        resizePolicy();
        if (getLong(THREAD_REPLACE_BACKOFF_MS) > getLong(THREAD_REPLACE_BACKOFF_MAX_MS)) {
            throw new ConfigException(THREAD_REPLACE_BACKOFF_MS, getLong(THREAD_REPLACE_BACKOFF_MS),
                    "must not exceed " + THREAD_REPLACE_BACKOFF_MAX_MS + " = " + getLong(THREAD_REPLACE_BACKOFF_MAX_MS));
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Loads a properties file (optional: null or missing means defaults) and applies environment overrides. */
    public static DmzStreamConfig load(Path file, Map<String, String> env) {
        Map<String, Object> props = new HashMap<>();
        if (file != null) {
            if (!Files.exists(file)) {
                throw new ConfigException("config file " + file + " does not exist");
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        }
        props.putAll(environmentOverrides(env));
        return new DmzStreamConfig(props);
    }

    /**
     * {@code DMZ_BATCH_MAX_SIZE=64} becomes {@code batch.max.size=64}; only known keys and the
     * {@code streams.} pass-through are taken, and the schema-registry keys
     * ({@code DMZ_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}, {@code DMZ_BASIC_AUTH_CREDENTIALS_SOURCE}), so unrelated
     * DMZ_ variables (DMZ_DATA_DIR) are ignored.
     */
    public static Map<String, String> environmentOverrides(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> {
            if (ENV_ALIASES.containsKey(name)) {
                out.putIfAbsent(ENV_ALIASES.get(name), value);
                return;
            }
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (CONFIG.names().contains(key) || key.startsWith(STREAMS_PREFIX) || key.startsWith(IMAGE_RESIZE + ".")
                    || AvroSerdeConfig.isSerdeKey(key)) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The {@code streams.}-prefixed keys with the prefix removed. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX, true);
    }

    /**
     * The schema-registry and serde settings among the given keys (file, environment, {@code --set}), in
     * the spellings they were given; the serdes of every command are configured with these. They may
     * hold credentials: pass them on, never print them.
     */
    public Map<String, Object> registrySettings() {
        Map<String, Object> settings = new HashMap<>();
        originals().forEach((key, value) -> {
            if (AvroSerdeConfig.isSerdeKey(key)) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    public boolean embeddedBroker() {
        return getString(BOOTSTRAP_SERVERS).isBlank();
    }

    public List<Device> devices() {
        try {
            return getList(DEVICES).stream().map(Device::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DEVICES, getList(DEVICES), e.getMessage());
        }
    }

    public EngineSettings engineSettings() {
        return EngineSettings.builder()
                .maxBatchSize(getInt(BATCH_MAX_SIZE))
                .maxQueueDelay(Duration.ofMillis(getLong(BATCH_MAX_DELAY_MS)))
                .decodeSlots(getInt(DECODE_SLOTS))
                .decodeMode(DecodeMode.valueOf(getString(DECODE_MODE).toUpperCase(Locale.ROOT)))
                .sampler(SamplerKind.parse(getString(DECODE_SAMPLER)))
                .devices(devices())
                .callTimeout(Duration.ofMillis(getLong(INFERENCE_CALL_TIMEOUT_MS)))
                .circuitBackoff(Duration.ofMillis(getLong(INFERENCE_CIRCUIT_BACKOFF_MS)))
                .circuitBackoffMax(Duration.ofMillis(getLong(INFERENCE_CIRCUIT_BACKOFF_MAX_MS)))
                .build();
    }

    /** Where and how the HTTP endpoints serve. */
    public HttpSettings httpSettings() {
        return new HttpSettings(getString(HTTP_BIND_ADDRESS), getInt(HTTP_PORT), getInt(HTTP_THREADS),
                Duration.ofMillis(getLong(HTTP_REQUEST_TIMEOUT_MS)));
    }

    /** {@link #IMAGE_RESIZE} and its per-domain overrides {@code image.resize.<domain>}. */
    public ResizePolicy resizePolicy() {
        Map<String, ResizePolicy.Mode> byDomain = new HashMap<>();
        if (originals().containsKey(IMAGE_RESIZE + ".")) {
            throw new ConfigException(IMAGE_RESIZE + ".", originals().get(IMAGE_RESIZE + "."), "no domain after the prefix");
        }
        originalsWithPrefix(IMAGE_RESIZE + ".", true).forEach((domain, value) -> {
            try {
                if (domain.isBlank()) {
                    throw new IllegalArgumentException("no domain after the prefix");
                }
                byDomain.put(domain, ResizePolicy.Mode.parse(String.valueOf(value)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(IMAGE_RESIZE + "." + domain, value, e.getMessage());
            }
        });
        return new ResizePolicy(ResizePolicy.Mode.parse(getString(IMAGE_RESIZE)), byDomain);
    }

    /** Resize policy and pixel limit of the validation stage. */
    public Preprocessing preprocessing() {
        return new Preprocessing(resizePolicy(), getLong(IMAGE_MAX_PIXELS));
    }

    /** Output and dead-letter topic names, in one place for the topology and the CLI. */
    public Topics topics() {
        return new Topics(getString(TOPIC_IMAGES), getString(TOPIC_LATENTS), getString(TOPIC_LABELS),
                getString(TOPIC_RECONSTRUCTIONS), getString(TOPIC_TRANSFERS), getString(TOPIC_DLQ),
                getString(TOPIC_COMMANDS), getString(TOPIC_SAMPLES));
    }

    /** {@link #INFERENCE_THREADS} resolved: 0 means half the available cores, at least 1. */
    public int inferenceThreads() {
        int configured = getInt(INFERENCE_THREADS);
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** The TensorFlow thread pools of each device worker's model sessions, as configured. */
    public TensorFlowThreads tensorFlowThreads() {
        return new TensorFlowThreads(inferenceThreads(), getInt(INFERENCE_INTEROP_THREADS));
    }

    /** A copy with some keys replaced (tests, demo). */
    public DmzStreamConfig with(Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>(originals());
        props.putAll(overrides);
        return new DmzStreamConfig(props);
    }

    public static void main(String[] args) {
        System.out.println(ConfigDocs.markdownTable(CONFIG));
    }
}

package io.dmzstream.topology.buffer;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.deadletter.DeadLetters;
import io.dmzstream.topology.deadletter.ErrorDescription;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceException;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Seeds;
import io.dmzstream.topology.fault.Faults;
import io.dmzstream.topology.fault.PoisonLedger;
import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.output.OutputEvents;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.validation.ImageValidator;
import io.dmzstream.topology.validation.ReceivedImage;
import io.dmzstream.topology.validation.ReceivedImageSerde;
import io.dmzstream.topology.validation.Rejection;
import io.dmzstream.topology.validation.ValidImage;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * THE batching contract (README "Architecture"): micro-batching onto a shared inference engine without
 * losing or duplicating a record across crashes, and with exactly one outcome per record: its
 * outputs, or one dead letter.
 *
 * <p>Kafka Streams commits an input offset once {@link #process} returns, so a request held only in
 * memory would be lost by a crash after that commit. Hence:
 * <ol>
 *   <li>{@link #process} writes the request into a changelogged key-value store (the durable
 *       buffer) and submits it to the engine asynchronously; it returns at once, unless this task
 *       already has {@code inflight.max.per.task} requests in flight or the instance
 *       {@code inflight.max.bytes}: then it waits (bounded memory, natural backpressure), forwarding
 *       its own completed results meanwhile since it runs on the stream thread, for at most
 *       {@link Backpressure}'s wait budget, so the open transaction can always commit in time.</li>
 *   <li>A wall-clock punctuator every few ms forwards completed results in input-offset order and
 *       deletes them from the buffer. Under exactly_once_v2 the forwarded outputs, the buffer
 *       deletions (changelog) and the input offsets commit in one transaction.</li>
 *   <li>{@link #init} (start-up, rebalance, restart after a crash) re-submits every request still
 *       in the buffer, in offset order. Decode seeds come from the event or its (topic, partition,
 *       offset), so a re-served request produces byte-identical outputs. A buffered request the
 *       instance can no longer serve (its model dropped, a lower step limit) becomes a restore-stage
 *       dead letter, queued in its place: sink nodes are not initialised during {@code init}, so
 *       the first punctuation forwards it, in offset order. A transient fault fails {@code init}
 *       (after cancelling what it submitted) and the task is retried.</li>
 * </ol>
 * Invalid input (a tombstone, strings over their bounds, a bad image) goes to the dead-letter topic
 * at once; a request the engine cannot serve, or whose outputs cannot be built, goes there in its
 * turn in offset order. A record that failed the same way {@code poison.max.failures} times (see
 * {@link PoisonLedger}) is dead-lettered as poison instead of processed again. The engine is shared
 * by every task and thread of the instance, so batches form across partitions.
 *
 * <p>Memory: a request in flight holds its decoded pixels once; its original bytes stay in the
 * durable buffer and are read back only for a dead letter.
 */
public final class DurableBatchingProcessor implements Processor<byte[], ReceivedImage, byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(DurableBatchingProcessor.class);
    /** Accounted per request besides its pixels: the event's fields, the future, the queue entry. */
    static final long REQUEST_OVERHEAD_BYTES = 1024;
    private static final ByteBuffer NO_IMAGE = ByteBuffer.allocate(0);

    /**
     * One buffered request in offset order: in flight ({@code future}), or already decided at
     * restore ({@code letter}, forwarded in its turn).
     */
    private record Pending(BufferedRequest stored, ImageEvent event, ValidImage image,
                           CompletableFuture<InferenceResult> future, long bytes, DeadLetters.Letter letter,
                           String letterReason) {
        static Pending decided(BufferedRequest stored, DeadLetters.Letter letter, String reason) {
            return new Pending(stored, null, null, CompletableFuture.completedFuture(null), 0, letter, reason);
        }
    }

    private final InferenceEngine engine;
    private final ImageValidator validator;
    private final ReceivedImageSerde images;
    private final OutputEvents outputs;
    private final OutputRouting routing;
    private final BatchingSettings settings;
    private final OutputListener listener;
    private final Backpressure backpressure;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private DeadLetters deadLetters;
    private PoisonLedger ledger;
    private Cancellable punctuator;

    public DurableBatchingProcessor(InferenceEngine engine, ImageValidator validator, ReceivedImageSerde images,
                                    OutputEvents outputs, OutputRouting routing, BatchingSettings settings) {
        this(engine, validator, images, outputs, routing, settings, OutputListener.NONE, Backpressure.unbounded());
    }

    /**
     * @param listener     told of every output forwarded and every dead letter (metrics)
     * @param backpressure the instance's byte and wait limits, shared by all its tasks
     */
    public DurableBatchingProcessor(InferenceEngine engine, ImageValidator validator, ReceivedImageSerde images,
                                    OutputEvents outputs, OutputRouting routing, BatchingSettings settings,
                                    OutputListener listener, Backpressure backpressure) {
        this.engine = engine;
        this.validator = validator;
        this.images = images;
        this.outputs = outputs;
        this.routing = routing;
        this.settings = settings;
        this.listener = listener;
        this.backpressure = backpressure;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(settings.storeName());
        // the instance's dead-letter builder and poison ledger travel in the streams properties
        this.deadLetters = DeadLetters.from(context.appConfigs());
        this.ledger = PoisonLedger.from(context.appConfigs(), 3);
        try {
            resubmitBuffered();
        } catch (RuntimeException | Error e) {
            cancelPending();
            throw e;
        }
        this.punctuator = context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            backpressure.punctuated();
            forwardCompleted();
        });
    }

    @Override
    public void process(Record<byte[], ReceivedImage> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        RecordPosition at = new RecordPosition(meta.topic(), meta.partition(), meta.offset());
        Optional<PoisonLedger.Failure> poison = ledger.poisoned(at);
        if (poison.isPresent()) {
            PoisonLedger.Failure f = poison.get();
            LOG.warn("dead letter: {} failed {} times ({}: {}); not processing it again", at, f.count(), f.exception(),
                    f.message());
            ErrorDescription cause = new ErrorDescription(f.exception(), f.message(),
                    "failed " + f.count() + " times, last: " + f.exception() + ": " + f.message());
            deadLetter(at, record.key(), record.value() == null ? null : record.value().bytes(), record.headers(),
                    cause, record.timestamp(), DeadLetterHeaders.STAGE_POISON, DeadLetterHeaders.REASON_REPEATED_FAILURE);
            ledger.clear(at);
            return;
        }
        try {
            admit(at, record);
        } catch (Error e) {
            // the thread dies of it; count it against this record so a retry loop ends as poison
            ledger.recordFailure(at, e);
            throw e;
        }
        ledger.clear(at);
    }

    private void admit(RecordPosition at, Record<byte[], ReceivedImage> record) {
        if (record.value() == null) {
            deadLetter(at, record.key(), null, record.headers(),
                    deadLetters.caps().describe(new Rejection(Rejection.NULL_VALUE, "the record has no value (a tombstone)")),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, Rejection.NULL_VALUE);
            return;
        }
        BufferedRequest stored = new BufferedRequest(at.topic(), at.partition(), at.offset(), record.timestamp(),
                record.key(), record.value().bytes());
        ValidImage image;
        try {
            image = validate(stored, record.value().event());
        } catch (Rejection rejection) {
            deadLetter(at, record.key(), stored.value(), record.headers(), deadLetters.caps().describe(rejection),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, rejection.reason());
            return;
        }
        buffer.put(stored.storeKey(), stored.encode());
        enqueue(stored, record.value().event(), image);
        awaitCapacity();
    }

    private ValidImage validate(BufferedRequest stored, ImageEvent event) {
        Long eventSeed = event.getSeed();
        return validator.validate(event, Seeds.of(eventSeed, stored.topic(), stored.partition(), stored.offset()));
    }

    /** Submits a validated request; only its pixels stay in memory (the bytes are in the buffer). */
    private void enqueue(BufferedRequest stored, ImageEvent event, ValidImage image) {
        event.setImage(NO_IMAGE);
        long bytes = 4L * image.pixels().length + REQUEST_OVERHEAD_BYTES;
        pending.addLast(new Pending(stored.withoutValue(), event, image, engine.submit(image.request()), bytes, null, null));
        backpressure.acquire(bytes);
    }

    private boolean overCapacity() {
        return !pending.isEmpty() && (pending.size() >= settings.maxInFlight() || backpressure.overBytes());
    }

    /**
     * Backpressure: wait while this task has too much in flight, forwarding what completes, until
     * the thread's wait budget is spent; then return, so the thread can punctuate and commit.
     */
    private void awaitCapacity() {
        if (!backpressure.await(this::overCapacity, this::forwardCompleted, () -> pending.peekFirst().future())) {
            LOG.debug("task {}: wait budget spent with {} requests in flight; letting the thread commit",
                    context.taskId(), pending.size());
        }
    }

    /** Forwards the completed head of the queue, in offset order, and deletes it from the buffer. */
    void forwardCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
            Pending p = pending.peekFirst();
            if (p.letter() != null) {
                forwardLetter(p.letter(), p.stored().timestamp(), DeadLetterHeaders.STAGE_RESTORE, p.letterReason());
                done(p);
                continue;
            }
            InferenceResult result;
            try {
                result = p.future().join();
            } catch (CancellationException | CompletionException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof CancellationException || Faults.isTransient(cause)) {
                    // not an outcome (the engine closed, the device is gone): the request stays buffered
                    // and is served again when the task is retried
                    throw new StreamsException("request not served: " + cause, cause);
                }
                String reason = cause instanceof InferenceException ie ? ie.stage() + "_failed" : "inference_failed";
                deadLetter(p, cause, DeadLetterHeaders.STAGE_INFERENCE, reason);
                done(p);
                continue;
            }
            List<OutputEvents.Output> built;
            try {
                built = outputs.build(p.event(), p.image(), ref(p.stored()), result);
            } catch (RuntimeException e) {
                // nothing forwarded yet: the record gets one dead letter and no outputs
                LOG.warn("dead letter: cannot build the outputs of {}", p.stored().storeKey(), e);
                deadLetter(p, e, DeadLetterHeaders.STAGE_PROCESSING, DeadLetterHeaders.REASON_PROCESSING_ERROR);
                done(p);
                continue;
            }
            BufferedRequest s = p.stored();
            for (OutputEvents.Output out : built) {
                context.forward(new Record<byte[], Object>(s.key(), out.value(), s.timestamp()), routing.sink(out.kind()));
                tell(() -> listener.forwarded(out.kind(), s.timestamp()));
            }
            done(p);
        }
    }

    private void done(Pending p) {
        pending.pollFirst();
        buffer.delete(p.stored().storeKey());
        backpressure.release(p.bytes());
    }

    private static InputRef ref(BufferedRequest s) {
        return InputRef.newBuilder().setTopic(s.topic()).setPartition(s.partition()).setOffset(s.offset()).build();
    }

    /** A dead letter for a request in flight: its original bytes come back from the buffer. */
    private void deadLetter(Pending p, Throwable error, String stage, String reason) {
        BufferedRequest s = p.stored();
        byte[] stored = buffer.get(s.storeKey());
        byte[] value = stored == null ? null : BufferedRequest.decode(stored).value();
        deadLetter(new RecordPosition(s.topic(), s.partition(), s.offset()), s.key(), value, null,
                deadLetters.caps().describe(error), s.timestamp(), stage, reason);
    }

    private void deadLetter(RecordPosition at, byte[] key, byte[] value, Headers original, ErrorDescription error,
                            long timestamp, String stage, String reason) {
        forwardLetter(deadLetters.letter(at, key, value, original, error, stage, reason), timestamp, stage, reason);
    }

    private void forwardLetter(DeadLetters.Letter letter, long timestamp, String stage, String reason) {
        context.forward(new Record<byte[], Object>(letter.key(), letter.value(), Math.max(0, timestamp), letter.headers()),
                routing.deadLetterSink());
        tell(() -> listener.deadLettered(stage, reason));
    }

    /** Metrics must never change a record's outcome. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("output listener failed", e);
        }
    }

    /** Re-submits what a previous owner of this task left in the buffer (crash, rebalance, restart). */
    private void resubmitBuffered() {
        List<KeyValue<Bytes, byte[]>> stored = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = buffer.all()) {
            it.forEachRemaining(stored::add);
        }
        String topic = null;
        for (KeyValue<Bytes, byte[]> kv : stored) {
            BufferedRequest s;
            try {
                s = BufferedRequest.decode(kv.value);
                topic = s.topic();
            } catch (RuntimeException e) {
                long[] po = BufferedRequest.partitionAndOffset(kv.key);
                s = new BufferedRequest(topic == null ? "unknown" : topic, (int) po[0], po[1], 0L, null, kv.value);
                decide(s, e, DeadLetterHeaders.REASON_CORRUPT_BUFFER_ENTRY);
                continue;
            }
            try {
                ReceivedImage received = images.read(s.topic(), s.value());
                enqueue(s, received.event(), validate(s, received.event()));
            } catch (RuntimeException e) {
                if (Faults.isTransient(e)) {
                    // not the request's fault: fail init, the task is retried (init() cancels what was submitted)
                    throw e;
                }
                // e.g. the domain's model is no longer served: a dead letter, not a stuck task
                String reason = e instanceof Rejection r ? r.reason()
                        : e instanceof AvroSerdeException a ? a.reason().name() : DeadLetterHeaders.REASON_PROCESSING_ERROR;
                decide(s, e, reason);
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("task {}: re-submitted {} buffered requests", context.taskId(), pending.size());
        }
    }

    /** Queues a restore-stage dead letter in its offset's place; the first punctuation forwards it. */
    private void decide(BufferedRequest s, Throwable error, String reason) {
        RecordPosition at = new RecordPosition(s.topic(), s.partition(), s.offset());
        DeadLetters.Letter letter = deadLetters.letter(at, s.key(), s.value(), null, error,
                DeadLetterHeaders.STAGE_RESTORE, reason);
        pending.addLast(Pending.decided(s.withoutValue(), letter, reason));
    }

    private void cancelPending() {
        // the buffer keeps these; whoever owns the task next re-submits them. Cancel to spare the device.
        pending.forEach(p -> {
            p.future().cancel(false);
            backpressure.release(p.bytes());
        });
        pending.clear();
    }

    /** Requests of this task in flight (tests and metrics). */
    public int inFlight() {
        return pending.size();
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        cancelPending();
    }
}

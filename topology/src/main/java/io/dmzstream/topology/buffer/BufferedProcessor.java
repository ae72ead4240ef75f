package io.dmzstream.topology.buffer;

import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.deadletter.DeadLetters;
import io.dmzstream.topology.deadletter.ErrorDescription;
import io.dmzstream.topology.engine.InferenceException;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.fault.Faults;
import io.dmzstream.topology.fault.PoisonLedger;
import io.dmzstream.topology.fault.RecordPosition;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.validation.Rejection;
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
 * The batching contract, written once for every kind of buffered work (images, latent commands):
 * how a record is admitted into the durable buffer, how work in flight is forwarded in offset order,
 * how a restored task resumes its buffer, and how every record gets exactly one outcome. See
 * {@link DurableBatchingProcessor} for the contract in prose.
 *
 * <p>A subclass says only what is particular to its records: how one is checked and turned into
 * engine work ({@link #accept}), how a buffer entry is read back and resumed ({@link #decodeEntry},
 * {@link #resume}), what a finished piece of work forwards ({@link #outputs}) and what settles it
 * in the buffer ({@link #settle}), and what a failed one drops ({@link #fail}).
 *
 * @param <V> the received value (raw bytes plus the decoded event)
 * @param <W> what one piece of work in flight carries besides its future (the event, a plan and index)
 * @param <E> a buffer entry as decoded from the store
 */
public abstract class BufferedProcessor<V, W, E> implements Processor<byte[], V, byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedProcessor.class);

    /**
     * One piece of work in offset order: in flight ({@code future}), or a record already decided at
     * restore ({@code letter}, forwarded in its turn). Work of one record shares its stored request.
     */
    public record Pending<W>(BufferedRequest stored, W work, CompletableFuture<InferenceResult> future, long bytes,
                                DeadLetters.Letter letter, String letterReason) {
        static <W> Pending<W> decided(BufferedRequest stored, DeadLetters.Letter letter, String reason) {
            return new Pending<>(stored, null, CompletableFuture.completedFuture(null), 0, letter, reason);
        }
    }

    /** One record to forward: its value and the product it is (which picks the sink). */
    public record Forward(Product product, Object value) {
    }

    private final BatchingSettings settings;
    private final OutputListener listener;
    private final Backpressure backpressure;
    private final ArrayDeque<Pending<W>> pending = new ArrayDeque<>();

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private DeadLetters deadLetters;
    private PoisonLedger ledger;
    private Cancellable punctuator;

    /**
     * @param settings     the store to buffer in, the in-flight bound per task, the punctuation interval
     * @param listener     told of every record forwarded and every dead letter (metrics)
     * @param backpressure the instance's byte and wait limits, shared by all its tasks
     */
    protected BufferedProcessor(BatchingSettings settings, OutputListener listener, Backpressure backpressure) {
        this.settings = settings;
        this.listener = listener;
        this.backpressure = backpressure;
    }

    // ---- what a subclass says about its records

    /** The record's original bytes, for a dead letter. */
    protected abstract byte[] bytes(V value);

    /**
     * Checks a received value and submits its work ({@link #submit}), after writing its entry to
     * {@link #buffer()}; a {@link Rejection} dead-letters it at the validation stage instead.
     */
    protected abstract void accept(BufferedRequest stored, V value);

    /** Reads a buffer entry; an exception makes it a {@code corrupt_buffer_entry} dead letter. */
    protected abstract E decodeEntry(byte[] entry);

    /** The request an entry holds. */
    protected abstract BufferedRequest request(E entry);

    /**
     * Submits what is left of a restored entry (or deletes a finished one). A transient fault fails
     * the task's start; any other exception makes the entry a restore-stage dead letter.
     */
    protected abstract void resume(E entry);

    /** What the finished head forwards; an exception gives its record a processing-stage dead letter instead. */
    protected abstract List<Forward> outputs(Pending<W> head, InferenceResult result);

    /** The sink node for a forwarded product. */
    protected abstract String sink(Product product);

    /** The dead-letter sink node. */
    protected abstract String deadLetterSink();

    /** Records in the buffer that the forwarded head has finished (delete its entry, or count its progress). */
    protected abstract void settle(Pending<W> head);

    /** Gives the failed head's record one dead letter and takes what else of it is queued out of the queue. */
    protected abstract void fail(Pending<W> head, Throwable error, String stage, String reason);

    // ---- the contract

    @Override
    public final void init(ProcessorContext<byte[], Object> context) {
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
    public final void process(Record<byte[], V> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        RecordPosition at = new RecordPosition(meta.topic(), meta.partition(), meta.offset());
        Optional<PoisonLedger.Failure> poison = ledger.poisoned(at);
        if (poison.isPresent()) {
            PoisonLedger.Failure f = poison.get();
            LOG.warn("dead letter: {} failed {} times ({}: {}); not processing it again", at, f.count(), f.exception(),
                    f.message());
            ErrorDescription cause = new ErrorDescription(f.exception(), f.message(),
                    "failed " + f.count() + " times, last: " + f.exception() + ": " + f.message());
            deadLetter(at, record.key(), record.value() == null ? null : bytes(record.value()), record.headers(),
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

    private void admit(RecordPosition at, Record<byte[], V> record) {
        if (record.value() == null) {
            deadLetter(at, record.key(), null, record.headers(),
                    deadLetters.caps().describe(new Rejection(Rejection.NULL_VALUE, "the record has no value (a tombstone)")),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, Rejection.NULL_VALUE);
            return;
        }
        BufferedRequest stored = new BufferedRequest(at.topic(), at.partition(), at.offset(), record.timestamp(),
                record.key(), bytes(record.value()));
        try {
            accept(stored, record.value());
        } catch (Rejection rejection) {
            deadLetter(at, record.key(), stored.value(), record.headers(), deadLetters.caps().describe(rejection),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, rejection.reason());
            return;
        }
        awaitCapacity();
    }

    /**
     * Backpressure: wait while this task has too much in flight, forwarding what completes, until
     * the thread's wait budget is spent; then return, so the thread can punctuate and commit.
     */
    private void awaitCapacity() {
        if (!backpressure.await(this::overCapacity, this::forwardCompleted, () -> pending.peekFirst().future())) {
            LOG.debug("task {}: wait budget spent with {} in flight; letting the thread commit",
                    context.taskId(), pending.size());
        }
    }

    private boolean overCapacity() {
        return !pending.isEmpty() && (pending.size() >= settings.maxInFlight() || backpressure.overBytes());
    }

    /** Forwards the completed head of the queue, in offset order, and settles it in the buffer. */
    final void forwardCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
            Pending<W> p = pending.peekFirst();
            if (p.letter() != null) {
                forwardLetter(p.letter(), p.stored().timestamp(), DeadLetterHeaders.STAGE_RESTORE, p.letterReason());
                pending.pollFirst();
                buffer.delete(p.stored().storeKey());
                continue;
            }
            InferenceResult result;
            try {
                result = p.future().join();
            } catch (CancellationException | CompletionException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof CancellationException || Faults.isTransient(cause)) {
                    // not an outcome (the engine closed, the device is gone): the work stays buffered
                    // and is served again when the task is retried
                    throw new StreamsException("not served: " + cause, cause);
                }
                String reason = cause instanceof InferenceException ie ? ie.stage() + "_failed" : "inference_failed";
                fail(p, cause, DeadLetterHeaders.STAGE_INFERENCE, reason);
                continue;
            }
            List<Forward> built;
            try {
                built = outputs(p, result);
            } catch (RuntimeException e) {
                // nothing forwarded yet: the record gets one dead letter and no outputs
                LOG.warn("dead letter: cannot build the outputs of {}", p.stored().storeKey(), e);
                fail(p, e, DeadLetterHeaders.STAGE_PROCESSING, DeadLetterHeaders.REASON_PROCESSING_ERROR);
                continue;
            }
            BufferedRequest s = p.stored();
            for (Forward out : built) {
                context.forward(new Record<byte[], Object>(s.key(), out.value(), s.timestamp()), sink(out.product()));
                tell(() -> listener.forwarded(out.product(), s.timestamp()));
            }
            pending.pollFirst();
            backpressure.release(p.bytes());
            settle(p);
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
            E entry;
            try {
                entry = decodeEntry(kv.value);
                topic = request(entry).topic();
            } catch (RuntimeException e) {
                long[] po = BufferedRequest.partitionAndOffset(kv.key);
                decide(new BufferedRequest(topic == null ? "unknown" : topic, (int) po[0], po[1], 0L, null, kv.value),
                        e, DeadLetterHeaders.REASON_CORRUPT_BUFFER_ENTRY);
                continue;
            }
            try {
                resume(entry);
            } catch (RuntimeException e) {
                if (Faults.isTransient(e)) {
                    // not the record's fault: fail init, the task is retried (init() cancels what was submitted)
                    throw e;
                }
                // e.g. the domain's model is no longer served: a dead letter, not a stuck task
                String reason = e instanceof Rejection r ? r.reason()
                        : e instanceof AvroSerdeException a ? a.reason().name() : DeadLetterHeaders.REASON_PROCESSING_ERROR;
                decide(request(entry), e, reason);
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("task {}: resumed {} buffered records ({} in flight)", context.taskId(), stored.size(), pending.size());
        }
    }

    /** Queues a restore-stage dead letter in its offset's place: sink nodes are not initialised during init. */
    private void decide(BufferedRequest s, Throwable error, String reason) {
        RecordPosition at = new RecordPosition(s.topic(), s.partition(), s.offset());
        DeadLetters.Letter letter = deadLetters.letter(at, s.key(), s.value(), null, error,
                DeadLetterHeaders.STAGE_RESTORE, reason);
        pending.addLast(Pending.decided(s.withoutValue(), letter, reason));
    }

    // ---- for subclasses

    /** Queues work in offset order and accounts its bytes against the instance's limit. */
    protected final void submit(BufferedRequest stored, W work, CompletableFuture<InferenceResult> future, long bytes) {
        pending.addLast(new Pending<>(stored, work, future, bytes, null, null));
        backpressure.acquire(bytes);
    }

    /** Takes the head out of the queue while it belongs to {@code stored}, cancelling its work. */
    protected final void dropQueued(BufferedRequest stored) {
        while (!pending.isEmpty() && pending.peekFirst().stored() == stored) {
            Pending<W> p = pending.pollFirst();
            p.future().cancel(false);
            backpressure.release(p.bytes());
        }
    }

    /** The durable buffer (the task's changelogged store). */
    protected final KeyValueStore<Bytes, byte[]> buffer() {
        return buffer;
    }

    /** A dead letter for a buffered request, built from what the buffer holds. */
    protected final void deadLetter(BufferedRequest s, byte[] value, Throwable error, String stage, String reason) {
        deadLetter(new RecordPosition(s.topic(), s.partition(), s.offset()), s.key(), value, null,
                deadLetters.caps().describe(error), s.timestamp(), stage, reason);
    }

    protected static InputRef ref(BufferedRequest s) {
        return InputRef.newBuilder().setTopic(s.topic()).setPartition(s.partition()).setOffset(s.offset()).build();
    }

    private void deadLetter(RecordPosition at, byte[] key, byte[] value, Headers original, ErrorDescription error,
                            long timestamp, String stage, String reason) {
        forwardLetter(deadLetters.letter(at, key, value, original, error, stage, reason), timestamp, stage, reason);
    }

    private void forwardLetter(DeadLetters.Letter letter, long timestamp, String stage, String reason) {
        context.forward(new Record<byte[], Object>(letter.key(), letter.value(), Math.max(0, timestamp), letter.headers()),
                deadLetterSink());
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

    private void cancelPending() {
        // the buffer keeps these; whoever owns the task next resumes them. Cancel to spare the device.
        pending.forEach(p -> {
            p.future().cancel(false);
            backpressure.release(p.bytes());
        });
        pending.clear();
    }

    /** Work of this task in flight (tests and metrics). */
    public final int inFlight() {
        return pending.size();
    }

    @Override
    public final void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        cancelPending();
    }
}

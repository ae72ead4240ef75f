package io.dmzstream.topology.command;

import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.schemas.serde.AvroSerdeException;
import io.dmzstream.topology.buffer.Backpressure;
import io.dmzstream.topology.buffer.BatchingSettings;
import io.dmzstream.topology.buffer.BufferedRequest;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.deadletter.DeadLetters;
import io.dmzstream.topology.deadletter.ErrorDescription;
import io.dmzstream.topology.engine.InferenceEngine;
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
 * Latent commands under the batching contract of images (see DurableBatchingProcessor): a command
 * is written to a changelogged store when it arrives, its images are decoded by the engine's decode
 * lane (batched with every other decode), and a punctuator forwards finished images in order, one
 * SampleEvent each. Under exactly_once_v2 the images forwarded, the store's changes and the input
 * offset commit in one transaction.
 *
 * <p>A command of many images can span several transactions, so the store counts the images
 * produced ({@link BufferedCommand}), rewritten in the transaction that forwards each image and
 * deleted with the last one. A task restored after a crash re-plans each buffered command from its
 * count: images an aborted transaction held are made again (byte-identical: the plan follows from
 * the command's seed), images a committed one held are not.
 *
 * <p>Dead letters, one per command, on the image path's topic with its headers: a tombstone, a
 * command that cannot be served ({@link CommandPlanner}'s reasons), a decode that fails (the images
 * before it stay produced; the rest are dropped), a buffered command that can no longer be served.
 * An undecodable command is dead-lettered by the deserialization handler at the source.
 */
public final class CommandProcessor implements Processor<byte[], ReceivedCommand, byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    /** Accounted per image besides its pixels: the trajectory's bookkeeping, the future, the queue entry. */
    static final long SAMPLE_OVERHEAD_BYTES = 1024;

    /**
     * One image in flight ({@code future}), in offset then index order; or a command already decided
     * at restore ({@code letter}, forwarded in its turn). Images of a command share its stored request.
     */
    private record Pending(BufferedRequest stored, SamplePlan plan, int index, CompletableFuture<InferenceResult> future,
                           long bytes, DeadLetters.Letter letter, String letterReason) {
        static Pending decided(BufferedRequest stored, DeadLetters.Letter letter, String reason) {
            return new Pending(stored, null, -1, CompletableFuture.completedFuture(null), 0, letter, reason);
        }
    }

    private final InferenceEngine engine;
    private final CommandPlanner planner;
    private final ReceivedCommandSerde commands;
    private final CommandSinks sinks;
    private final BatchingSettings settings;
    private final OutputListener listener;
    private final Backpressure backpressure;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private DeadLetters deadLetters;
    private PoisonLedger ledger;
    private Cancellable punctuator;

    /**
     * @param settings     the store to buffer commands in; its in-flight bound counts images
     * @param backpressure the instance's byte and wait limits, shared with the image path
     */
    public CommandProcessor(InferenceEngine engine, CommandPlanner planner, ReceivedCommandSerde commands,
                            CommandSinks sinks, BatchingSettings settings, OutputListener listener,
                            Backpressure backpressure) {
        this.engine = engine;
        this.planner = planner;
        this.commands = commands;
        this.sinks = sinks;
        this.settings = settings;
        this.listener = listener;
        this.backpressure = backpressure;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(settings.storeName());
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
    public void process(Record<byte[], ReceivedCommand> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        RecordPosition at = new RecordPosition(meta.topic(), meta.partition(), meta.offset());
        Optional<PoisonLedger.Failure> poison = ledger.poisoned(at);
        if (poison.isPresent()) {
            PoisonLedger.Failure f = poison.get();
            LOG.warn("dead letter: command {} failed {} times ({}: {}); not processing it again", at, f.count(),
                    f.exception(), f.message());
            deadLetter(at, record.key(), record.value() == null ? null : record.value().bytes(), record.headers(),
                    new ErrorDescription(f.exception(), f.message(), "failed " + f.count() + " times, last: "
                            + f.exception() + ": " + f.message()),
                    record.timestamp(), DeadLetterHeaders.STAGE_POISON, DeadLetterHeaders.REASON_REPEATED_FAILURE);
            ledger.clear(at);
            return;
        }
        try {
            admit(at, record);
        } catch (Error e) {
            ledger.recordFailure(at, e);
            throw e;
        }
        ledger.clear(at);
    }

    private void admit(RecordPosition at, Record<byte[], ReceivedCommand> record) {
        if (record.value() == null) {
            deadLetter(at, record.key(), null, record.headers(),
                    deadLetters.caps().describe(new Rejection(Rejection.NULL_VALUE, "the record has no value (a tombstone)")),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, Rejection.NULL_VALUE);
            return;
        }
        BufferedRequest stored = new BufferedRequest(at.topic(), at.partition(), at.offset(), record.timestamp(),
                record.key(), record.value().bytes());
        SamplePlan plan;
        try {
            plan = planner.plan(record.value().event(), 0);
        } catch (Rejection rejection) {
            deadLetter(at, record.key(), stored.value(), record.headers(), deadLetters.caps().describe(rejection),
                    record.timestamp(), DeadLetterHeaders.STAGE_VALIDATION, rejection.reason());
            return;
        }
        buffer.put(stored.storeKey(), new BufferedCommand(stored, 0).encode());
        enqueue(stored, plan);
        awaitCapacity();
    }

    /** Submits the plan's images to the decode lane; the command's bytes stay in memory (they are small). */
    private void enqueue(BufferedRequest stored, SamplePlan plan) {
        long bytes = 4L * plan.model().pixels() + SAMPLE_OVERHEAD_BYTES;
        for (int i = plan.first(); i < plan.total(); i++) {
            CompletableFuture<InferenceResult> future = engine.decode(plan.domain(), plan.code(i), plan.steps(),
                    plan.seed(i));
            pending.addLast(new Pending(stored, plan, i, future, bytes, null, null));
            backpressure.acquire(bytes);
        }
    }

    private boolean overCapacity() {
        return !pending.isEmpty() && (pending.size() >= settings.maxInFlight() || backpressure.overBytes());
    }

    /** Backpressure as on the image path: wait, forwarding what completes, within the thread's wait budget. */
    private void awaitCapacity() {
        backpressure.await(this::overCapacity, this::forwardCompleted, () -> pending.peekFirst().future());
    }

    /** Forwards the completed head of the queue in order, and records each command's progress. */
    void forwardCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
            Pending p = pending.peekFirst();
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
                    // not an outcome: the command stays buffered at its count and is resumed on retry
                    throw new StreamsException("image not made: " + cause, cause);
                }
                String reason = cause instanceof InferenceException ie ? ie.stage() + "_failed" : "inference_failed";
                dropCommand(p, cause, DeadLetterHeaders.STAGE_INFERENCE, reason);
                continue;
            }
            SampleEvent sample;
            try {
                sample = SampleEvents.build(p.plan(), p.index(), ref(p.stored()), result.reconstruction());
            } catch (RuntimeException e) {
                LOG.warn("dead letter: cannot build image {} of command {}", p.index(), p.stored().storeKey(), e);
                dropCommand(p, e, DeadLetterHeaders.STAGE_PROCESSING, DeadLetterHeaders.REASON_PROCESSING_ERROR);
                continue;
            }
            BufferedRequest s = p.stored();
            context.forward(new Record<byte[], Object>(s.key(), sample, s.timestamp()), sinks.samples());
            tell(() -> listener.forwarded(Product.SAMPLE, s.timestamp()));
            pending.pollFirst();
            backpressure.release(p.bytes());
            if (p.index() + 1 >= p.plan().total()) {
                buffer.delete(s.storeKey());
            } else {
                buffer.put(s.storeKey(), new BufferedCommand(s, p.index() + 1).encode());
            }
        }
    }

    /** One dead letter for the command at the head; its images not yet produced are dropped. */
    private void dropCommand(Pending head, Throwable error, String stage, String reason) {
        BufferedRequest s = head.stored();
        RecordPosition at = new RecordPosition(s.topic(), s.partition(), s.offset());
        deadLetter(at, s.key(), s.value(), null, deadLetters.caps().describe(error), s.timestamp(), stage, reason);
        while (!pending.isEmpty() && pending.peekFirst().stored() == s) {
            Pending p = pending.pollFirst();
            p.future().cancel(false);
            backpressure.release(p.bytes());
        }
        buffer.delete(s.storeKey());
    }

    private static InputRef ref(BufferedRequest s) {
        return InputRef.newBuilder().setTopic(s.topic()).setPartition(s.partition()).setOffset(s.offset()).build();
    }

    private void deadLetter(RecordPosition at, byte[] key, byte[] value, Headers original, ErrorDescription error,
                            long timestamp, String stage, String reason) {
        forwardLetter(deadLetters.letter(at, key, value, original, error, stage, reason), timestamp, stage, reason);
    }

    private void forwardLetter(DeadLetters.Letter letter, long timestamp, String stage, String reason) {
        context.forward(new Record<byte[], Object>(letter.key(), letter.value(), Math.max(0, timestamp), letter.headers()),
                sinks.deadLetters());
        tell(() -> listener.deadLettered(stage, reason));
    }

    /** Metrics must never change a command's outcome. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("output listener failed", e);
        }
    }

    /** Resumes what a previous owner of this task left in the buffer, each command from its count. */
    private void resubmitBuffered() {
        List<KeyValue<Bytes, byte[]>> stored = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = buffer.all()) {
            it.forEachRemaining(stored::add);
        }
        String topic = null;
        for (KeyValue<Bytes, byte[]> kv : stored) {
            BufferedCommand entry;
            try {
                entry = BufferedCommand.decode(kv.value);
                topic = entry.request().topic();
            } catch (RuntimeException e) {
                long[] po = BufferedRequest.partitionAndOffset(kv.key);
                BufferedRequest s = new BufferedRequest(topic == null ? "unknown" : topic, (int) po[0], po[1], 0L,
                        null, kv.value);
                decide(s, e, DeadLetterHeaders.REASON_CORRUPT_BUFFER_ENTRY);
                continue;
            }
            BufferedRequest s = entry.request();
            try {
                LatentCommand command = commands.read(s.topic(), s.value()).event();
                SamplePlan plan = planner.plan(command, entry.produced());
                if (plan.first() >= plan.total()) {
                    buffer.delete(s.storeKey());
                    continue;
                }
                enqueue(s, plan);
            } catch (RuntimeException e) {
                if (Faults.isTransient(e)) {
                    throw e;
                }
                String reason = e instanceof Rejection r ? r.reason()
                        : e instanceof AvroSerdeException a ? a.reason().name() : DeadLetterHeaders.REASON_PROCESSING_ERROR;
                decide(s, e, reason);
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("task {}: resumed {} buffered commands ({} images)", context.taskId(), stored.size(), pending.size());
        }
    }

    /** Queues a restore-stage dead letter in its offset's place; the first punctuation forwards it. */
    private void decide(BufferedRequest s, Throwable error, String reason) {
        RecordPosition at = new RecordPosition(s.topic(), s.partition(), s.offset());
        DeadLetters.Letter letter = deadLetters.letter(at, s.key(), s.value(), null, error,
                DeadLetterHeaders.STAGE_RESTORE, reason);
        pending.addLast(Pending.decided(s, letter, reason));
    }

    private void cancelPending() {
        // the buffer keeps these at their counts; whoever owns the task next resumes them
        pending.forEach(p -> {
            p.future().cancel(false);
            backpressure.release(p.bytes());
        });
        pending.clear();
    }

    /** Images of this task in flight (tests). */
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

package io.dmzstream.topology.buffer;

import io.dmzstream.schemas.InputRef;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.engine.EngineClosedException;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceException;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Seeds;
import io.dmzstream.topology.output.OutputEvents;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.validation.ImageValidator;
import io.dmzstream.topology.validation.ReceivedImage;
import io.dmzstream.topology.validation.ReceivedImageSerde;
import io.dmzstream.topology.validation.Rejection;
import io.dmzstream.topology.validation.ValidImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * THE batching contract (DESIGN.md 3.1): micro-batching onto a shared inference engine without
 * losing or duplicating a record across crashes.
 *
 * <p>Kafka Streams commits an input offset once {@link #process} returns, so a request held only in
 * memory would be lost by a crash after that commit. Hence:
 * <ol>
 *   <li>{@link #process} writes the request into a changelogged key-value store (the durable
 *       buffer) and submits it to the engine asynchronously; it returns at once, unless this task
 *       already has {@code inflight.max.per.task} requests in flight: then it waits (bounded
 *       memory, natural backpressure), forwarding its own completed results meanwhile since it
 *       runs on the stream thread.</li>
 *   <li>A wall-clock punctuator every few ms forwards completed results in input-offset order and
 *       deletes them from the buffer. Under exactly_once_v2 the forwarded outputs, the buffer
 *       deletions (changelog) and the input offsets commit in one transaction.</li>
 *   <li>{@link #init} (start-up, rebalance, restart after a crash) re-submits every request still
 *       in the buffer, in offset order. Decode seeds come from the event or its (topic, partition,
 *       offset), so a re-served request produces byte-identical outputs.</li>
 * </ol>
 * Invalid input goes to the dead-letter topic at once; a request the engine cannot serve goes there
 * in its turn in offset order. The engine is shared by every task and thread of the instance, so
 * batches form across partitions.
 */
public final class DurableBatchingProcessor implements Processor<byte[], ReceivedImage, byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(DurableBatchingProcessor.class);

    /** One request in flight, in offset order. */
    private record Pending(BufferedRequest stored, ReceivedImage received, ValidImage image,
                           CompletableFuture<InferenceResult> future) {
    }

    private final InferenceEngine engine;
    private final ImageValidator validator;
    private final ReceivedImageSerde images;
    private final OutputEvents outputs;
    private final OutputRouting routing;
    private final BatchingSettings settings;
    private final OutputListener listener;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> buffer;
    private Cancellable punctuator;

    public DurableBatchingProcessor(InferenceEngine engine, ImageValidator validator, ReceivedImageSerde images,
                                    OutputEvents outputs, OutputRouting routing, BatchingSettings settings) {
        this(engine, validator, images, outputs, routing, settings, OutputListener.NONE);
    }

    /** @param listener told of every output forwarded and every dead letter (metrics) */
    public DurableBatchingProcessor(InferenceEngine engine, ImageValidator validator, ReceivedImageSerde images,
                                    OutputEvents outputs, OutputRouting routing, BatchingSettings settings,
                                    OutputListener listener) {
        this.engine = engine;
        this.validator = validator;
        this.images = images;
        this.outputs = outputs;
        this.routing = routing;
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(settings.storeName());
        resubmitBuffered();
        this.punctuator = context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> forwardCompleted());
    }

    @Override
    public void process(Record<byte[], ReceivedImage> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        BufferedRequest stored = new BufferedRequest(meta.topic(), meta.partition(), meta.offset(),
                record.timestamp(), record.key(), record.value().bytes());
        ValidImage image;
        try {
            image = validate(stored, record.value());
        } catch (Rejection rejection) {
            deadLetter(stored, record.headers(), rejection, DeadLetterHeaders.STAGE_VALIDATION, rejection.reason());
            return;
        }
        buffer.put(stored.storeKey(), stored.encode());
        pending.addLast(new Pending(stored, record.value(), image, engine.submit(image.request())));
        awaitCapacity();
    }

    private ValidImage validate(BufferedRequest stored, ReceivedImage received) {
        Long eventSeed = received.event().getSeed();
        return validator.validate(received.event(),
                Seeds.of(eventSeed, stored.topic(), stored.partition(), stored.offset()));
    }

    /** Backpressure: wait while this task has too much in flight, forwarding what completes. */
    private void awaitCapacity() {
        while (pending.size() >= settings.maxInFlight()) {
            forwardCompleted();
            if (pending.size() < settings.maxInFlight()) {
                return;
            }
            try {
                pending.peekFirst().future().get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // completed exceptionally or still running: forwardCompleted() decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StreamsException("interrupted while waiting for in-flight requests", e);
            }
        }
    }

    /** Forwards the completed head of the queue, in offset order, and deletes it from the buffer. */
    void forwardCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
            Pending p = pending.peekFirst();
            InferenceResult result;
            try {
                result = p.future().join();
            } catch (CancellationException | CompletionException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof EngineClosedException || cause instanceof CancellationException) {
                    // not an outcome: the request stays buffered for the next engine; stop this thread cleanly
                    throw new StreamsException("inference engine closed while requests were in flight", cause);
                }
                String reason = cause instanceof InferenceException ie ? ie.stage() + "_failed" : "inference_failed";
                deadLetter(p.stored(), null, cause, DeadLetterHeaders.STAGE_INFERENCE, reason);
                pending.pollFirst();
                buffer.delete(p.stored().storeKey());
                continue;
            }
            forward(p, result);
            pending.pollFirst();
            buffer.delete(p.stored().storeKey());
        }
    }

    private void forward(Pending p, InferenceResult result) {
        BufferedRequest s = p.stored();
        InputRef ref = InputRef.newBuilder().setTopic(s.topic()).setPartition(s.partition()).setOffset(s.offset()).build();
        for (OutputEvents.Output out : outputs.build(p.received().event(), p.image(), ref, result)) {
            context.forward(new Record<byte[], Object>(s.key(), out.value(), s.timestamp()), routing.sink(out.kind()));
            listener.forwarded(out.kind(), s.timestamp());
        }
    }

    private void deadLetter(BufferedRequest s, Headers original, Throwable error, String stage, String reason) {
        Headers headers = DeadLetterHeaders.build(original == null ? new RecordHeaders() : original, error, stage,
                reason, s.topic(), s.partition(), s.offset());
        context.forward(new Record<byte[], Object>(s.key(), s.value(), s.timestamp(), headers), routing.deadLetterSink());
        listener.deadLettered(stage, reason);
    }

    /** Re-submits what a previous owner of this task left in the buffer (crash, rebalance, restart). */
    private void resubmitBuffered() {
        List<KeyValue<Bytes, byte[]>> stored = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = buffer.all()) {
            it.forEachRemaining(stored::add);
        }
        for (KeyValue<Bytes, byte[]> kv : stored) {
            BufferedRequest s = BufferedRequest.decode(kv.value);
            try {
                ReceivedImage received = images.read(s.topic(), s.value());
                ValidImage image = validate(s, received);
                pending.addLast(new Pending(s, received, image, engine.submit(image.request())));
            } catch (RuntimeException e) {
                // e.g. the domain's model is no longer served: a dead letter, not a stuck task
                String reason = e instanceof Rejection r ? r.reason() : e.getClass().getSimpleName();
                deadLetter(s, null, e, DeadLetterHeaders.STAGE_RESTORE, reason);
                buffer.delete(kv.key);
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("task {}: re-submitted {} buffered requests", context.taskId(), pending.size());
        }
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
        // the buffer keeps these; whoever owns the task next re-submits them. Cancel to spare the device.
        pending.forEach(p -> p.future().cancel(false));
        pending.clear();
    }
}

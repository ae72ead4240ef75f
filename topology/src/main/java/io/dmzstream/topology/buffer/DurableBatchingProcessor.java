package io.dmzstream.topology.buffer;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.engine.Seeds;
import io.dmzstream.topology.output.OutputEvents;
import io.dmzstream.topology.output.OutputListener;
import io.dmzstream.topology.validation.ImageValidator;
import io.dmzstream.topology.validation.ReceivedImage;
import io.dmzstream.topology.validation.ReceivedImageSerde;
import io.dmzstream.topology.validation.ValidImage;
import java.nio.ByteBuffer;
import java.util.List;

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
 * {@link io.dmzstream.topology.fault.PoisonLedger}) is dead-lettered as poison instead of processed again. The engine is shared
 * by every task and thread of the instance, so batches form across partitions.
 *
 * <p>The mechanics (admission, ordered forwarding, resume, poison) are {@link BufferedProcessor}'s, shared
 * with the latent commands; this class says what an image request is.
 *
 * <p>Memory: a request in flight holds its decoded pixels once; its original bytes stay in the
 * durable buffer and are read back only for a dead letter.
 */
public final class DurableBatchingProcessor extends BufferedProcessor<ReceivedImage, DurableBatchingProcessor.Work,
        BufferedRequest> {
    /** Accounted per request besides its pixels: the event's fields, the future, the queue entry. */
    static final long REQUEST_OVERHEAD_BYTES = 1024;
    private static final ByteBuffer NO_IMAGE = ByteBuffer.allocate(0);

    /** A request in flight: its event (without the image bytes) and its decoded pixels. */
    record Work(ImageEvent event, ValidImage image) {
    }

    private final InferenceEngine engine;
    private final ImageValidator validator;
    private final ReceivedImageSerde images;
    private final OutputEvents outputs;
    private final OutputRouting routing;

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
        super(settings, listener, backpressure);
        this.engine = engine;
        this.validator = validator;
        this.images = images;
        this.outputs = outputs;
        this.routing = routing;
    }

    @Override
    protected byte[] bytes(ReceivedImage value) {
        return value.bytes();
    }

    @Override
    protected void accept(BufferedRequest stored, ReceivedImage value) {
        ValidImage image = validate(stored, value.event());
        buffer().put(stored.storeKey(), stored.encode());
        enqueue(stored, value.event(), image);
    }

    private ValidImage validate(BufferedRequest stored, ImageEvent event) {
        Long eventSeed = event.getSeed();
        return validator.validate(event, Seeds.of(eventSeed, stored.topic(), stored.partition(), stored.offset()));
    }

    /** Submits a validated request; only its pixels stay in memory (the bytes are in the buffer). */
    private void enqueue(BufferedRequest stored, ImageEvent event, ValidImage image) {
        event.setImage(NO_IMAGE);
        long bytes = 4L * image.pixels().length + REQUEST_OVERHEAD_BYTES;
        submit(stored.withoutValue(), new Work(event, image), engine.submit(image.request()), bytes);
    }

    @Override
    protected BufferedRequest decodeEntry(byte[] entry) {
        return BufferedRequest.decode(entry);
    }

    @Override
    protected BufferedRequest request(BufferedRequest entry) {
        return entry;
    }

    @Override
    protected void resume(BufferedRequest stored) {
        ReceivedImage received = images.read(stored.topic(), stored.value());
        enqueue(stored, received.event(), validate(stored, received.event()));
    }

    @Override
    protected List<Forward> outputs(Pending<Work> head, InferenceResult result) {
        Work w = head.work();
        return outputs.build(w.event(), w.image(), ref(head.stored()), result).stream()
                .map(out -> new Forward(out.kind(), out.value())).toList();
    }

    @Override
    protected String sink(Product product) {
        return routing.sink(product);
    }

    @Override
    protected String deadLetterSink() {
        return routing.deadLetterSink();
    }

    @Override
    protected void settle(Pending<Work> head) {
        buffer().delete(head.stored().storeKey());
    }

    /** One dead letter with the request's original bytes, read back from the buffer. */
    @Override
    protected void fail(Pending<Work> head, Throwable error, String stage, String reason) {
        BufferedRequest s = head.stored();
        byte[] entry = buffer().get(s.storeKey());
        byte[] value = entry == null ? null : BufferedRequest.decode(entry).value();
        deadLetter(s, value, error, stage, reason);
        dropQueued(s);
        buffer().delete(s.storeKey());
    }
}

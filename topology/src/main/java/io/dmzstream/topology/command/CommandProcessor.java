package io.dmzstream.topology.command;

import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.topology.buffer.Backpressure;
import io.dmzstream.topology.buffer.BatchingSettings;
import io.dmzstream.topology.buffer.BufferedProcessor;
import io.dmzstream.topology.buffer.BufferedRequest;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.output.OutputListener;
import java.util.List;

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
 *
 * <p>Admission, ordered forwarding, resume and poison are {@link BufferedProcessor}'s; this class
 * says what a command is: a plan of images, and a count of those produced.
 */
public final class CommandProcessor extends BufferedProcessor<ReceivedCommand, CommandProcessor.Image, BufferedCommand> {
    /** Accounted per image besides its pixels: the trajectory's bookkeeping, the future, the queue entry. */
    static final long SAMPLE_OVERHEAD_BYTES = 1024;

    /** One image of a command in flight; images of a command share its stored request (value included: it is small). */
    record Image(SamplePlan plan, int index) {
    }

    private final InferenceEngine engine;
    private final CommandPlanner planner;
    private final ReceivedCommandSerde commands;
    private final CommandSinks sinks;

    /**
     * @param settings     the store to buffer commands in; its in-flight bound counts images
     * @param backpressure the instance's byte and wait limits, shared with the image path
     */
    public CommandProcessor(InferenceEngine engine, CommandPlanner planner, ReceivedCommandSerde commands,
                            CommandSinks sinks, BatchingSettings settings, OutputListener listener,
                            Backpressure backpressure) {
        super(settings, listener, backpressure);
        this.engine = engine;
        this.planner = planner;
        this.commands = commands;
        this.sinks = sinks;
    }

    @Override
    protected byte[] bytes(ReceivedCommand value) {
        return value.bytes();
    }

    @Override
    protected void accept(BufferedRequest stored, ReceivedCommand value) {
        SamplePlan plan = planner.plan(value.event(), 0);
        buffer().put(stored.storeKey(), new BufferedCommand(stored, 0).encode());
        enqueue(stored, plan);
    }

    /** Submits the plan's images from its first unproduced one to the decode lane. */
    private void enqueue(BufferedRequest stored, SamplePlan plan) {
        long bytes = 4L * plan.model().pixels() + SAMPLE_OVERHEAD_BYTES;
        for (int i = plan.first(); i < plan.total(); i++) {
            submit(stored, new Image(plan, i), engine.decode(plan.domain(), plan.code(i), plan.steps(), plan.seed(i)),
                    bytes);
        }
    }

    @Override
    protected BufferedCommand decodeEntry(byte[] entry) {
        return BufferedCommand.decode(entry);
    }

    @Override
    protected BufferedRequest request(BufferedCommand entry) {
        return entry.request();
    }

    /** Re-plans a restored command from its count: images a committed transaction holds are not made again. */
    @Override
    protected void resume(BufferedCommand entry) {
        BufferedRequest s = entry.request();
        LatentCommand command = commands.read(s.topic(), s.value()).event();
        SamplePlan plan = planner.plan(command, entry.produced());
        if (plan.first() >= plan.total()) {
            buffer().delete(s.storeKey());
            return;
        }
        enqueue(s, plan);
    }

    @Override
    protected List<Forward> outputs(Pending<Image> head, InferenceResult result) {
        Image image = head.work();
        return List.of(new Forward(Product.SAMPLE,
                SampleEvents.build(image.plan(), image.index(), ref(head.stored()), result.reconstruction())));
    }

    @Override
    protected String sink(Product product) {
        if (product != Product.SAMPLE) {
            throw new IllegalArgumentException("a command makes samples, not " + product);
        }
        return sinks.samples();
    }

    @Override
    protected String deadLetterSink() {
        return sinks.deadLetters();
    }

    /** The count moves in the transaction that forwards the image; the last image deletes the command. */
    @Override
    protected void settle(Pending<Image> head) {
        BufferedRequest s = head.stored();
        int produced = head.work().index() + 1;
        if (produced >= head.work().plan().total()) {
            buffer().delete(s.storeKey());
        } else {
            buffer().put(s.storeKey(), new BufferedCommand(s, produced).encode());
        }
    }

    /** One dead letter for the command; its images not yet produced are dropped. */
    @Override
    protected void fail(Pending<Image> head, Throwable error, String stage, String reason) {
        BufferedRequest s = head.stored();
        deadLetter(s, s.value(), error, stage, reason);
        dropQueued(s);
        buffer().delete(s.storeKey());
    }
}

package io.dmzstream.tools.chaos;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.output.PngEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Valid image events for a scenario: random 28x28 grey images, raw or PNG, asking for latents and
 * labels, every fourth also for a reconstruction (K = 4, which keeps decode work in flight when a
 * fault strikes). Sent through an {@link InputFeed}, at a steady rate if asked.
 */
final class Traffic {
    private final InputFeed feed;
    private final Topics topics;
    private final AtomicReference<Function<ImageEvent, byte[]>> encoder;

    Traffic(InputFeed feed, Topics topics, Function<ImageEvent, byte[]> encoder) {
        this.feed = feed;
        this.topics = topics;
        this.encoder = new AtomicReference<>(encoder);
    }

    /** Changes how events are written from now on (the registry scenario's new schema versions). */
    void encoder(Function<ImageEvent, byte[]> next) {
        encoder.set(next);
    }

    Function<ImageEvent, byte[]> encoder() {
        return encoder.get();
    }

    InputFeed feed() {
        return feed;
    }

    /** The event of input number {@code n}. */
    static ImageEvent event(String id, long n) {
        List<OutputKind> outputs = n % 4 == 3
                ? List.of(OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION)
                : List.of(OutputKind.LATENT, OutputKind.LABEL);
        ImageEvent.Builder b = ImageEvent.newBuilder().setId(id).setDomain(n % 2 == 0 ? "mnist" : "fashion")
                .setFormat(ImageFormat.RAW_U8).setImage(ByteBuffer.wrap(pixels(n))).setWidth(ChaosModel.SIDE)
                .setHeight(ChaosModel.SIDE).setChannels(1).setOutputs(outputs).setSteps(4)
                .setAttributes(Map.of("chaos", "valid"));
        if (n % 3 == 1) {
            float[] f = new float[ChaosModel.SIDE * ChaosModel.SIDE];
            byte[] px = pixels(n);
            for (int i = 0; i < px.length; i++) {
                f[i] = (px[i] & 0xff) / 127.5f - 1f;
            }
            b.setFormat(ImageFormat.PNG).setImage(ByteBuffer.wrap(PngEncoder.encode(f, ChaosModel.SIDE, ChaosModel.SIDE, 1)));
        }
        return b.build();
    }

    static byte[] pixels(long seed) {
        byte[] px = new byte[ChaosModel.SIDE * ChaosModel.SIDE];
        new Random(seed).nextBytes(px);
        px[0] = 10; // never the chaos model's refused marker
        return px;
    }

    /** The output topics an event asks for. */
    Set<String> outputTopics(List<OutputKind> kinds) {
        Set<String> out = new LinkedHashSet<>();
        for (OutputKind k : kinds) {
            out.add(switch (k) {
                case LATENT -> topics.latents();
                case LABEL -> topics.labels();
                case RECONSTRUCTION -> topics.reconstructions();
                case TRANSFER -> topics.transfers();
            });
        }
        return out;
    }

    /** Sends valid input {@code n} under key {@code prefix-n}. */
    Input valid(String prefix, long n, Integer partition) {
        String key = prefix + "-" + n;
        ImageEvent event = event(key, n);
        return feed.send(key, encoder.get().apply(event), outputTopics(event.getOutputs()), partition, prefix);
    }

    /** Sends {@code count} valid inputs at {@code ratePerSecond} on this thread. */
    List<Input> steady(String prefix, int count, double ratePerSecond) {
        List<Input> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sent.add(valid(prefix, i, null));
        }
        return sent;
    }

    /** {@link #steady} on a background thread; {@link Background#join()} rethrows its failure. */
    Background background(String prefix, int count, double ratePerSecond) {
        return new Background(() -> steady(prefix, count, ratePerSecond));
    }

    /** A feed running beside the scenario's faults. */
    static final class Background {
        private final Thread thread;
        private volatile RuntimeException failure;

        Background(Runnable body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }, "chaos-feed");
            thread.setDaemon(true);
            thread.start();
        }

        boolean running() {
            return thread.isAlive();
        }

        void join() throws InterruptedException {
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }
    }
}

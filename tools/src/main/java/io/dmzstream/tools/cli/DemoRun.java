package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.tools.load.Publisher;
import io.dmzstream.tools.load.OutputCollector;
import io.dmzstream.tools.load.Percentiles;
import io.dmzstream.topology.run.KafkaRuntime;

import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.engine.ModelSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The demo, apart from its command line so tests can run it on stand-in models: publish N images
 * through the real topology on a broker and summarise throughput, latency, label accuracy and
 * reconstruction error; write a grid of inputs above their reconstructions.
 */
public final class DemoRun {
    /** What the demo measured. */
    public record Summary(int images, double seconds, double throughputPerS, double p50Ms, double p99Ms,
                          double labelAccuracy, double meanMse, double meanEncodeBatch, double meanDenoiseBatch,
                          Path grid, String decoded) {
        void print(PrintStream out) {
            out.printf("%n=== DMZ Stream demo ===%n");
            out.printf("images          %d in %.1f s%n", images, seconds);
            out.printf("throughput      %.1f images/s (end to end, all outputs committed)%n", throughputPerS);
            out.printf("latency         p50 %.0f ms, p99 %.0f ms (produce -> last output read, read_committed)%n", p50Ms, p99Ms);
            out.printf("label accuracy  %.1f%% (against the dataset's true labels)%n", labelAccuracy * 100);
            if (!Double.isNaN(meanMse)) {
                out.printf("recon MSE       %.4f (pixels in [0,1])%n", meanMse);
            }
            out.printf("batching        %.1f images per encoder call, %.1f trajectories per denoiser call%n",
                    meanEncodeBatch, meanDenoiseBatch);
            out.printf("grid            %s (top: inputs, bottom: %s)%n", grid, decoded);
        }
    }

    private DemoRun() {
    }

    public static Summary run(DmzStreamConfig config, ModelSource models, ImageSource images, int count,
                              Integer steps, Path gridFile, PrintStream log) throws Exception {
        return run(config, models, images, count, steps, gridFile, log, null);
    }

    /**
     * @param targetDomain null for the encode/label/reconstruct demo; a domain to ask for transfers
     *                     into it instead (labels still come from the source domain's model)
     */
    public static Summary run(DmzStreamConfig config, ModelSource models, ImageSource images, int count,
                              Integer steps, Path gridFile, PrintStream log, String targetDomain) throws Exception {
        Topics t = config.topics();
        boolean transfer = targetDomain != null;
        List<OutputKind> kinds = transfer ? List.of(OutputKind.LABEL, OutputKind.TRANSFER)
                : List.of(OutputKind.LATENT, OutputKind.LABEL, OutputKind.RECONSTRUCTION);
        List<String> topics = transfer ? List.of(t.labels(), t.transfers())
                : List.of(t.latents(), t.labels(), t.reconstructions());
        try (KafkaRuntime kafka = KafkaRuntime.resolve(config);
             DmzStreamService service = DmzStreamService.start(config, kafka.bootstrapServers(), models)) {
            service.awaitRunning(Duration.ofMinutes(2));
            log.printf("service running on %s; publishing %d images from %s%n", kafka.bootstrapServers(), count,
                    images.domain());
            try (OutputCollector outputs = new OutputCollector(kafka.bootstrapServers(), config, topics, null);
                 Publisher publisher = new Publisher(kafka.bootstrapServers(),
                         new EventSerdes(config.registrySettings()), t.images())) {
                Map<String, Integer> truth = new HashMap<>();
                Map<String, ImageSource.Item> inputs = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    ImageSource.Item item = images.get(i % images.size());
                    String id = count > images.size() ? item.id() + "#" + i : item.id();
                    truth.put(id, item.label());
                    if (inputs.size() < 16) {
                        inputs.put(id, item);
                    }
                }
                long t0 = System.currentTimeMillis();
                publisher.publish(images, count, new Publisher.Request(kinds, steps, targetDomain, null), 0, true);
                Duration timeout = Duration.ofMinutes(10);
                for (String topic : topics) {
                    int got = outputs.await(topic, count, timeout);
                    if (got < count) {
                        throw new IllegalStateException("only " + got + " of " + count + " outputs on " + topic);
                    }
                }
                return summarise(outputs.received(), truth, inputs, count, t0, service, gridFile,
                        transfer ? "transfers to " + targetDomain : "reconstructions");
            }
        }
    }

    private static Summary summarise(List<OutputCollector.Received> received, Map<String, Integer> truth,
                                     Map<String, ImageSource.Item> inputs, int count, long t0, DmzStreamService service,
                                     Path gridFile, String decoded) throws IOException {
        Map<String, Long> lastArrival = new HashMap<>();
        Map<String, Long> sentAt = new HashMap<>();
        long lastAll = 0;
        int correct = 0;
        int labelled = 0;
        double mse = 0;
        int recons = 0;
        Map<String, Picture> reconstructed = new HashMap<>();
        for (OutputCollector.Received r : received) {
            lastArrival.merge(r.id(), r.receivedAt(), Math::max);
            sentAt.put(r.id(), r.inputTimestamp());
            lastAll = Math.max(lastAll, r.receivedAt());
            if (r.value() instanceof LabelEvent e) {
                Integer label = truth.get(e.getId());
                if (label != null && label >= 0) {
                    labelled++;
                    correct += e.getLabel() == label ? 1 : 0;
                }
            } else if (r.value() instanceof ReconstructionEvent e) {
                mse += e.getMse();
                recons++;
                if (inputs.containsKey(e.getId())) {
                    reconstructed.put(e.getId(), pixels(e.getPng()));
                }
            } else if (r.value() instanceof TransferEvent e && inputs.containsKey(e.getId())) {
                reconstructed.put(e.getId(), pixels(e.getPng()));
            }
        }
        long[] latencies = lastArrival.entrySet().stream().mapToLong(e -> e.getValue() - sentAt.get(e.getKey())).toArray();
        double seconds = (lastAll - t0) / 1000.0;
        writeGrid(inputs, reconstructed, gridFile);
        var stats = service.engine().stats();
        return new Summary(count, seconds, count / seconds, Percentiles.of(latencies, 50), Percentiles.of(latencies, 99),
                labelled == 0 ? Double.NaN : (double) correct / labelled, recons == 0 ? Double.NaN : mse / recons,
                stats.meanEncodeBatch(), stats.meanDenoiseBatch(), gridFile, decoded);
    }

    /** A decoded output image in model units, row-major H x W x C. */
    record Picture(float[] pixels, int height, int width, int channels) {
    }

    /**
     * Inputs above their outputs, each row at its own shape: a transfer may change size and
     * channels (a 28x28 grey digit in, a 32x32 colour digit out). Inputs of another shape than the
     * first one's (a folder of mixed sizes) are left out of the picture.
     */
    private static void writeGrid(Map<String, ImageSource.Item> inputs, Map<String, Picture> outputs, Path gridFile)
            throws IOException {
        List<String> ids = inputs.keySet().stream().sorted().filter(outputs::containsKey).toList();
        if (ids.isEmpty()) {
            return;
        }
        ImageSource.Item first = inputs.get(ids.get(0));
        Picture out = outputs.get(ids.get(0));
        List<float[]> top = new ArrayList<>();
        List<float[]> bottom = new ArrayList<>();
        for (String id : ids) {
            ImageSource.Item in = inputs.get(id);
            Picture o = outputs.get(id);
            if (in.width() == first.width() && in.height() == first.height() && in.channels() == first.channels()
                    && o.pixels().length == out.pixels().length) {
                top.add(in.pixels());
                bottom.add(o.pixels());
            }
        }
        new ImageGrid(first.height(), first.width(), first.channels(), 3)
                .addRow(top.toArray(float[][]::new))
                .addRow(bottom.toArray(float[][]::new), out.height(), out.width(), out.channels())
                .write(gridFile);
    }

    /** A PNG output in model units, every channel it has (grey or RGB). */
    static Picture pixels(ByteBuffer png) throws IOException {
        byte[] bytes = new byte[png.remaining()];
        png.duplicate().get(bytes);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        var raster = img.getRaster();
        int c = raster.getNumBands() >= 3 ? 3 : 1;
        int w = img.getWidth();
        float[] out = new float[w * img.getHeight() * c];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < c; b++) {
                    out[(y * w + x) * c + b] = raster.getSample(x, y, b) / 127.5f - 1f;
                }
            }
        }
        return new Picture(out, img.getHeight(), w, c);
    }
}

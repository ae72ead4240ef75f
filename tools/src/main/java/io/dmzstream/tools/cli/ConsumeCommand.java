package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.OutputCollector;
import io.dmzstream.topology.run.ConfigOptions;

import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Pretty-prints outputs as they are committed; optionally writes reconstruction and transfer PNGs. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print latents, labels, reconstructions and transfers (read_committed); optionally save PNGs.")
final class ConsumeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--png-dir", description = "Write reconstruction/transfer PNGs here.")
    Path pngDir;

    @Option(names = {"-n", "--max"}, defaultValue = "0", description = "Stop after this many outputs (0 = never).")
    int max;

    @Override
    public Integer call() throws Exception {
        DmzStreamConfig config = options.load();
        if (config.embeddedBroker()) {
            System.err.println("consume needs bootstrap.servers (e.g. --set bootstrap.servers=localhost:9092)");
            return 2;
        }
        // a wrong password: one clear error, rather than a reader that never decodes anything
        new EventSerdes(config.registrySettings()).checkRegistryAccess();
        if (pngDir != null) {
            Files.createDirectories(pngDir);
        }
        AtomicInteger seen = new AtomicInteger();
        Object done = new Object();
        try (OutputCollector ignored = new OutputCollector(config.getString(DmzStreamConfig.BOOTSTRAP_SERVERS), config,
                config.topics().outputs(), r -> {
                    System.out.println(describe(r.value()));
                    if (max > 0 && seen.incrementAndGet() >= max) {
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                })) {
            synchronized (done) {
                done.wait();
            }
        }
        return 0;
    }

    private String describe(Object value) {
        if (value instanceof LatentEvent e) {
            return String.format("latent  %-16s %s d=%d bits=%s", e.getId(), model(e.getModel()), e.getD(), bits(e));
        }
        if (value instanceof LabelEvent e) {
            return String.format("label   %-16s %s %d (%s) p=%.3f top=%s", e.getId(), model(e.getModel()), e.getLabel(),
                    e.getName(), e.getConfidence(), e.getTopK().stream()
                            .map(s -> s.getName() + ":" + String.format("%.2f", s.getProbability())).toList());
        }
        if (value instanceof ReconstructionEvent e) {
            String file = writePng("recon-" + e.getId(), e.getPng());
            return String.format("recon   %-16s %s K=%d %s seed=%d mse=%.4f %s", e.getId(), model(e.getModel()),
                    e.getSteps(), e.getSampler(), e.getSeed(), e.getMse(), file);
        }
        if (value instanceof TransferEvent e) {
            String file = writePng("transfer-" + e.getId(), e.getPng());
            return String.format("transfer %-15s %s->%s via %s K=%d %s", e.getId(), e.getSourceDomain(),
                    e.getTargetDomain(), e.getBridge(), e.getSteps(), file);
        }
        return String.valueOf(value);
    }

    private static String model(io.dmzstream.schemas.ModelRef m) {
        return m.getName() + ":" + m.getVersion();
    }

    private static String bits(LatentEvent e) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = e.getBits().duplicate();
        for (int i = 0; i < e.getD(); i++) {
            sb.append((b.get(b.position() + i / 8) >> (7 - i % 8) & 1) == 1 ? '1' : '0');
        }
        return sb.toString();
    }

    private String writePng(String name, ByteBuffer png) {
        if (pngDir == null) {
            return "";
        }
        Path file = pngDir.resolve(name.replaceAll("[^A-Za-z0-9._#-]", "_") + ".png");
        byte[] bytes = new byte[png.remaining()];
        png.duplicate().get(bytes);
        try {
            Files.write(file, bytes);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return "-> " + file;
    }

}

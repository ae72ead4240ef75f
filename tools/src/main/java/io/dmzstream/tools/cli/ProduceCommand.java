package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.tools.load.Publisher;
import io.dmzstream.topology.run.ConfigOptions;

import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Publishes images from a dataset's test split or a folder of PNGs. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publish ImageEvents from mnist/fashion/edges/mnistm (in $DMZ_DATA_DIR) or a folder of PNG/JPEG files.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--source", defaultValue = "mnist", description = "mnist, fashion, edges, mnistm, or a folder of PNG/JPEG files "
            + "(sent as they are, at their own size and channels; domain: the folder's name).")
    String source;

    @Option(names = {"-n", "--count"}, defaultValue = "100", description = "Events to publish.")
    int count;

    @Option(names = "--rate", defaultValue = "0", description = "Events per second (0 = as fast as possible).")
    double rate;

    @Option(names = "--outputs", split = ",", defaultValue = "LATENT,LABEL",
            description = "Requested outputs: LATENT, LABEL, RECONSTRUCTION, TRANSFER.")
    List<OutputKind> outputs;

    @Option(names = "--steps", description = "Decode steps K (default: the service's decode.steps.default).")
    Integer steps;

    @Option(names = "--target-domain", description = "Transfer target domain (with TRANSFER).")
    String targetDomain;

    @Option(names = "--domain", description = "Domain to stamp on events (default: the dataset's name).")
    String domain;

    @Option(names = "--format", defaultValue = "RAW_U8", description = "RAW_U8, PNG or JPEG (datasets; a folder sends its files as they are).")
    ImageFormat format;

    @Override
    public Integer call() {
        DmzStreamConfig config = options.load();
        if (config.embeddedBroker()) {
            System.err.println("produce needs bootstrap.servers (e.g. --set bootstrap.servers=localhost:9092)");
            return 2;
        }
        EventSerdes serdes = new EventSerdes(config.registrySettings());
        serdes.checkRegistryAccess(); // a wrong password: one clear error before any image is read
        ImageSource images = ImageSource.open(source, format);
        try (Publisher publisher = new Publisher(config.getString(DmzStreamConfig.BOOTSTRAP_SERVERS), serdes,
                config.topics().images())) {
            long t0 = System.nanoTime();
            publisher.publish(images, count, new Publisher.Request(outputs, steps, targetDomain, domain), rate, true);
            System.err.printf("published %d events to %s in %.1f s%n", count, config.topics().images(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }
}

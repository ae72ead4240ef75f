package io.dmzstream.tools.cli;

import io.dmzstream.model.image.ImageGrid;
import io.dmzstream.model.serving.CodePrior;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.tools.load.OutputCollector;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.config.Topics;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.run.KafkaRuntime;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@code demo --generate}: GENERATE commands through Kafka for one domain, one command per grid
 * row (row r asks for class r when the domain's prior is conditional), the SampleEvents read back
 * read_committed and drawn as a grid, row by row in index order.
 */
public final class GenerateDemo {
    /** What the demo made. */
    public record Summary(int images, double seconds, int rows, boolean conditional, double meanDenoiseBatch,
                          Path grid) {
        void print(PrintStream out) {
            out.printf("%n=== DMZ Stream demo: generate ===%n");
            out.printf("images          %d in %.1f s (%d commands)%n", images, seconds, rows);
            out.printf("codes           drawn from the model's prior%s%n", conditional ? ", row r = class r" : "");
            out.printf("batching        %.1f trajectories per denoiser call%n", meanDenoiseBatch);
            out.printf("grid            %s (one row per command)%n", grid);
        }
    }

    private GenerateDemo() {
    }

    /**
     * @param perRow images per command (one grid row)
     * @param rows   commands; at most the prior's classes when it is conditional
     */
    public static Summary run(DmzStreamConfig config, ModelSource models, String domain, int rows, int perRow,
                              int steps, long seed, Path gridFile, PrintStream log) throws Exception {
        Topics t = config.topics();
        try (KafkaRuntime kafka = KafkaRuntime.resolve(config);
             DmzStreamService service = DmzStreamService.start(config, kafka.bootstrapServers(), models)) {
            service.awaitRunning(Duration.ofMinutes(2));
            Optional<CodePrior> prior = service.engine().prior(domain);
            if (prior.isEmpty()) {
                throw new IllegalStateException("the model of domain '" + domain + "' has no code prior: run "
                        + "`ops/dmz train-prior --model model/zoo/dmz-" + domain + "` first");
            }
            boolean conditional = prior.get().conditional();
            int commands = conditional ? Math.min(rows, prior.get().classes().size()) : rows;
            ModelInfo model = service.engine().info(domain);
            log.printf("service running on %s; %d generate commands of %d images for %s (prior %s)%n",
                    kafka.bootstrapServers(), commands, perRow, domain, prior.get().name());
            EventSerdes serdes = new EventSerdes(config.registrySettings());
            int total = commands * perRow;
            try (OutputCollector outputs = new OutputCollector(kafka.bootstrapServers(), config, List.of(t.samples()), null);
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer())) {
                Serializer<LatentCommand> commandSerializer = serdes.commands().serializer();
                long t0 = System.currentTimeMillis();
                for (int r = 0; r < commands; r++) {
                    LatentCommand command = LatentCommand.newBuilder().setId("demo-generate-" + r)
                            .setKind(LatentCommandKind.GENERATE).setDomain(domain).setCount(perRow)
                            .setLabel(conditional ? r : null).setSteps(steps).setSeed(seed + r).build();
                    producer.send(new ProducerRecord<>(t.commands(), ("row-" + r).getBytes(StandardCharsets.UTF_8),
                            commandSerializer.serialize(t.commands(), command)));
                }
                producer.flush();
                int got = outputs.await(t.samples(), total, Duration.ofMinutes(10));
                if (got < total) {
                    throw new IllegalStateException("only " + got + " of " + total + " samples on " + t.samples());
                }
                double seconds = (System.currentTimeMillis() - t0) / 1000.0;
                writeGrid(outputs.received(), commands, model, gridFile);
                return new Summary(total, seconds, commands, conditional, service.engine().stats().meanDenoiseBatch(),
                        gridFile);
            }
        }
    }

    private static void writeGrid(List<OutputCollector.Received> received, int rows, ModelInfo model, Path gridFile)
            throws java.io.IOException {
        List<List<SampleEvent>> byRow = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            byRow.add(new ArrayList<>());
        }
        for (OutputCollector.Received r : received) {
            if (r.value() instanceof SampleEvent s) {
                String id = s.getCommandId().toString();
                byRow.get(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).add(s);
            }
        }
        ImageGrid grid = new ImageGrid(model.height(), model.width(), model.channels(), 3);
        for (List<SampleEvent> row : byRow) {
            row.sort(Comparator.comparingInt(SampleEvent::getIndex));
            float[][] images = new float[row.size()][];
            for (int i = 0; i < images.length; i++) {
                images[i] = DemoRun.pixels(row.get(i).getPng()).pixels();
            }
            grid.addRow(images);
        }
        grid.write(gridFile);
    }
}

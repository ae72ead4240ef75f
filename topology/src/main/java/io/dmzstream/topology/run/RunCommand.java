package io.dmzstream.topology.run;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.engine.ModelSource;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs the service until SIGTERM / Ctrl-C, or until Kafka Streams stops on its own (exit status 1
 * when its threads died). With no bootstrap servers it brings its own broker. Either way the
 * service shuts down gracefully (see {@link DmzStreamService#close()}), then the embedded broker.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service (starts an in-process KRaft broker when bootstrap.servers is empty).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        DmzStreamConfig config = options.load();
        return runUntilStopped(config, Models.fromConfig(config));
    }

    /**
     * The command without its command line (tests and the chaos suite's instances run it with
     * stand-in models); returns the exit status.
     */
    public static int runUntilStopped(DmzStreamConfig config, ModelSource models) throws InterruptedException {
        KafkaRuntime kafka = KafkaRuntime.resolve(config);
        DmzStreamService service;
        try {
            service = DmzStreamService.start(config, kafka.bootstrapServers(), models);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        GracefulShutdown shutdown = new GracefulShutdown(List.of(service, kafka));
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "dmz-stream-shutdown"));
        System.err.printf("dmz-stream running: kafka %s%s, input topic %s, http %s; Ctrl-C stops%n",
                kafka.bootstrapServers(), kafka.embedded() ? " (embedded)" : "", config.topics().images(),
                service.httpPort().isPresent() ? "port " + service.httpPort().getAsInt() : "off");
        KafkaStreams.State end = service.awaitStreamsStopped();
        // a signal's hook closes the service, which ends up here too; run() then waits for the hook
        shutdown.run();
        return end == KafkaStreams.State.ERROR ? 1 : 0;
    }
}

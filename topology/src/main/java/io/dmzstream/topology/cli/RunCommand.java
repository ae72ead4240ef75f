package io.dmzstream.topology.cli;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the service until interrupted. With no bootstrap servers it brings its own broker. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service (starts an in-process KRaft broker when bootstrap.servers is empty).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        DmzStreamConfig config = options.load();
        KafkaRuntime kafka = KafkaRuntime.resolve(config);
        DmzStreamService service = DmzStreamService.start(config, kafka.bootstrapServers(), Models.fromConfig(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            kafka.close();
            stopped.countDown();
        }, "dmz-stream-shutdown"));
        System.err.printf("dmz-stream running: kafka %s%s, input topic %s; Ctrl-C stops%n", kafka.bootstrapServers(),
                kafka.embedded() ? " (embedded)" : "", config.topics().images());
        stopped.await();
        return 0;
    }
}

package io.dmzstream.tools.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * What every scenario of one suite run shares: the profile, the work folder (logs, state folders,
 * configuration files), one external broker, the schema registry when one is available, a seeded
 * random source and the progress log. Scenarios use their own topics and consumer groups on the
 * shared broker.
 */
final class ChaosContext implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ChaosProfile profile;
    private final Path work;
    private final PrintStream log;
    private final Random random;
    private final Supplier<SchemaRegistryProcess> registrySource;
    private BrokerProcess broker;
    private SchemaRegistryProcess registry;
    private String registryProblem;
    private final Thread reaper = new Thread(this::close, "dmz-chaos-context-reaper");

    /** @param registrySource starts or names the registry; null when the suite has none */
    ChaosContext(ChaosProfile profile, Path work, PrintStream log, long seed, Supplier<SchemaRegistryProcess> registrySource) {
        this.profile = profile;
        this.work = work;
        this.log = log;
        this.random = new Random(seed);
        this.registrySource = registrySource;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    ChaosProfile profile() {
        return profile;
    }

    Path work() {
        return work;
    }

    Random random() {
        return random;
    }

    void log(String format, Object... args) {
        log.printf("[chaos %s] %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
        log.flush();
    }

    synchronized BrokerProcess broker() {
        if (broker == null) {
            long t0 = System.currentTimeMillis();
            broker = BrokerProcess.start(work.resolve("broker"));
            log("broker up at %s in %.1f s", broker.bootstrapServers(), (System.currentTimeMillis() - t0) / 1000.0);
        }
        return broker;
    }

    /** The registry, started on first use; empty (see {@link #registryProblem()}) when there is none. */
    synchronized Optional<SchemaRegistryProcess> registry() {
        if (registry == null && registryProblem == null) {
            if (registrySource == null) {
                registryProblem = "no schema registry configured";
            } else {
                try {
                    registry = registrySource.get();
                    log("schema registry at %s", registry.url());
                } catch (RuntimeException e) {
                    registryProblem = e.getMessage();
                }
            }
        }
        return Optional.ofNullable(registry);
    }

    synchronized String registryProblem() {
        return registryProblem;
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (Thread.currentThread() != reaper) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
    }
}

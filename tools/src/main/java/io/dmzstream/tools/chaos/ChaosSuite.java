package io.dmzstream.tools.chaos;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The chaos suite: an external broker process, and per scenario two service instances as
 * separate JVMs (stand-in models, see {@link ChaosInstance}), faults injected while inputs flow,
 * figures counted from the committed ends of the topics. Scenarios run one after the other; a
 * scenario that throws is reported as {@code error} and the next one still runs. Every process
 * the suite starts is killed by the time {@link #run()} returns.
 */
public final class ChaosSuite {
    private final ChaosProfile profile;
    private final Path work;
    private final PrintStream log;
    private final long seed;
    private final Supplier<SchemaRegistryProcess> registry;
    private final Set<String> only;
    private final String command;

    private ChaosSuite(Builder b) {
        this.profile = b.profile;
        this.work = b.work;
        this.log = b.log;
        this.seed = b.seed;
        this.registry = b.registry;
        this.only = Set.copyOf(b.only);
        this.command = b.command;
    }

    /** Every scenario, in the order they run. */
    public static List<String> scenarioNames() {
        return all().stream().map(Scenario::name).toList();
    }

    static List<Scenario> all() {
        return List.of(new KillScenario(KillScenario.EXACTLY_ONCE), new KillScenario(KillScenario.AT_LEAST_ONCE),
                new GracefulStopScenario(), new PoisonScenario(), new RegistryOutageScenario(), new EngineFaultScenario(),
                new PauseScenario(), new SlowHttpScenario());
    }

    public static Builder builder(ChaosProfile profile) {
        return new Builder(profile);
    }

    public ReliabilityReport run() throws Exception {
        for (String name : only) {
            if (!scenarioNames().contains(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "' (" + scenarioNames() + ")");
            }
        }
        Files.createDirectories(work);
        Instant started = Instant.now();
        long t0 = System.currentTimeMillis();
        List<ScenarioResult> results = new ArrayList<>();
        try (ChaosContext context = new ChaosContext(profile, work, log, seed, registry)) {
            context.log("profile %s, work folder %s, seed %d", profile.name(), work, seed);
            for (Scenario scenario : all()) {
                if (!only.isEmpty() && !only.contains(scenario.name())) {
                    continue;
                }
                context.log("scenario %s: %s", scenario.name(), scenario.title());
                long s0 = System.currentTimeMillis();
                ScenarioResult result;
                try {
                    result = scenario.run(context);
                } catch (Exception | AssertionError e) {
                    result = new ScenarioResult(scenario.name(), scenario.title(), "", ScenarioResult.ERROR,
                            (System.currentTimeMillis() - s0) / 1000.0, null, List.of(), List.of(), Map.of(),
                            e + " (logs: " + work.resolve(scenario.name()) + ")");
                }
                results.add(result);
                context.log("scenario %s: %s in %.0f s%s", scenario.name(), result.status().toUpperCase(),
                        result.seconds(), result.passed() ? "" : failures(result));
            }
        }
        return new ReliabilityReport(profile.name(), command, started, (System.currentTimeMillis() - t0) / 1000.0,
                seed, results, criteria());
    }

    private static Map<String, String> criteria() {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        all().forEach(s -> c.put(s.name(), s.criteria()));
        return c;
    }

    private static String failures(ScenarioResult r) {
        StringBuilder b = new StringBuilder();
        r.checks().stream().filter(c -> !c.passed()).forEach(c -> b.append("\n    failed: ").append(c.name())
                .append(" (").append(c.observed()).append(')'));
        if (!r.message().isEmpty()) {
            b.append("\n    ").append(r.message());
        }
        return b.toString();
    }

    /** Options of a suite run. */
    public static final class Builder {
        private final ChaosProfile profile;
        private Path work;
        private PrintStream log = System.err;
        private long seed = 11;
        private Supplier<SchemaRegistryProcess> registry;
        private final Set<String> only = new LinkedHashSet<>();
        private String command = "ops/dmz chaos";

        private Builder(ChaosProfile profile) {
            this.profile = profile;
        }

        /** Folder for logs, state folders and configuration files (kept: look there when a scenario fails). */
        public Builder work(Path folder) {
            this.work = folder;
            return this;
        }

        public Builder log(PrintStream out) {
            this.log = out;
            return this;
        }

        /** Seed of the random choices (which instance is killed). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Use this running registry (left running afterwards). */
        public Builder registryUrl(String url) {
            this.registry = () -> SchemaRegistryProcess.external(url);
            return this;
        }

        /** No registry: the registry scenario reports itself skipped, saying {@code why}. */
        public Builder registryNone(String why) {
            this.registry = () -> {
                throw new IllegalStateException("no schema registry (" + why + ")");
            };
            return this;
        }

        /**
         * Start the project's test registry with {@code opsRegistry/start-registry.sh} when the
         * registry scenario runs; {@code mayBuild} false skips the scenario if it is not built yet.
         */
        public Builder registryScripts(Path opsRegistry, boolean mayBuild) {
            this.registry = () -> SchemaRegistryProcess.start(opsRegistry, work.resolve("registry"), mayBuild);
            return this;
        }

        /** Run only these scenarios (names from {@link #scenarioNames()}); none given runs all. */
        public Builder scenarios(Iterable<String> names) {
            names.forEach(only::add);
            return this;
        }

        /** The command line the report says produced it. */
        public Builder command(String line) {
            this.command = line;
            return this;
        }

        public ChaosSuite build() {
            if (work == null) {
                throw new IllegalStateException("work folder not set");
            }
            return new ChaosSuite(this);
        }
    }
}

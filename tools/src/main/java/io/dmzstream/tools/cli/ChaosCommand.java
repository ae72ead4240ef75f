package io.dmzstream.tools.cli;

import io.dmzstream.tools.chaos.ChaosProfile;
import io.dmzstream.tools.chaos.ChaosSuite;
import io.dmzstream.tools.chaos.ReliabilityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the chaos suite and writes docs/reliability.{md,json}; exit status 1 when a scenario did not pass. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Fault-injection suite: an external broker, two service instances per scenario, kills, "
                + "poison records, registry and engine faults, a paused instance, slow HTTP clients.")
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "short", description = "short (CI, a few minutes) or long.")
    String profile;

    @Option(names = "--out", defaultValue = "docs", description = "Folder for reliability.md and reliability.json.")
    Path out;

    @Option(names = "--work", description = "Folder for logs, state folders and configs (default: a new temp folder).")
    Path work;

    @Option(names = "--scenarios", split = ",", description = "Only these scenarios (default all): ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--registry-url", description = "A running Confluent-compatible registry for the registry scenario "
            + "(default: start the test registry with ops/registry/start-registry.sh; 'none' skips the scenario).")
    String registryUrl;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the random choices (which instance dies).")
    long seed;

    @Override
    public Integer call() throws Exception {
        ChaosProfile chosen = ChaosProfile.named(profile);
        Path folder = work != null ? work : Files.createTempDirectory("dmz-chaos-");
        StringBuilder line = new StringBuilder("ops/dmz chaos --profile " + chosen.name());
        if (!scenarios.isEmpty()) {
            line.append(" --scenarios ").append(String.join(",", scenarios));
        }
        ChaosSuite.Builder suite = ChaosSuite.builder(chosen).work(folder).seed(seed).scenarios(scenarios)
                .command(line.toString());
        if ("none".equals(registryUrl)) {
            suite.registryNone("--registry-url none");
        } else if (registryUrl != null) {
            suite.registryUrl(registryUrl);
        } else if (Files.isRegularFile(Path.of("ops/registry/start-registry.sh"))) {
            suite.registryScripts(Path.of("ops/registry").toAbsolutePath(), true);
        }
        ReliabilityReport report = suite.build().run();
        report.write(out);
        System.err.printf("chaos (%s): %s; wrote %s and %s; logs in %s%n", chosen.name(), report.statusByScenario(),
                out.resolve("reliability.md"), out.resolve("reliability.json"), folder);
        return report.passed() ? 0 : 1;
    }

    /** Scenario names for the help text. */
    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            super(ChaosSuite.scenarioNames());
        }
    }
}

package io.dmzstream.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's short profile, as CI runs it: an external broker process, service instances
 * as separate JVMs on this test class path, every scenario. The registry scenario uses the
 * registry given with {@code -Ddmz.registry.url} (ops/test.sh starts one), else the project's test
 * registry if it is already built, else it is skipped. {@code -Ddmz.chaos.scenarios=kill-eos,poison}
 * runs a subset. The report lands in target/chaos/ (docs/ holds the long profile's).
 */
class ChaosSuiteTest {
    @Test
    void shortProfilePasses() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path work = Files.createDirectories(target.resolve("chaos"));
        Path work2 = Files.createTempDirectory(work, "run-");
        String only = System.getProperty("dmz.chaos.scenarios", "");
        ChaosSuite.Builder suite = ChaosSuite.builder(ChaosProfile.SHORT).work(work2)
                .command("mvn -pl tools -am test -Dtest=ChaosSuiteTest (profile short)")
                .scenarios(only.isBlank() ? List.of() : Arrays.asList(only.split(",")));
        String registry = System.getProperty("dmz.registry.url", "");
        Path scripts = target.getParent().getParent().resolve("ops/registry");
        if (!registry.isBlank()) {
            suite.registryUrl(registry);
        } else if (Files.isRegularFile(scripts.resolve("start-registry.sh"))) {
            suite.registryScripts(scripts, false);
        }
        ReliabilityReport report = suite.build().run();
        report.write(work);
        String failed = report.scenarios().stream().filter(s -> !s.passed() && !ScenarioResult.SKIPPED.equals(s.status()))
                .map(s -> s.name() + ": " + s.checks().stream().filter(c -> !c.passed())
                        .map(c -> c.name() + " (" + c.observed() + ")").collect(Collectors.joining("; "))
                        + (s.message().isEmpty() ? "" : " " + s.message()))
                .collect(Collectors.joining("\n"));
        assertTrue(report.passed(), "chaos scenarios failed (report " + work.resolve("reliability.md") + ", logs "
                + work2 + "):\n" + failed);
    }
}

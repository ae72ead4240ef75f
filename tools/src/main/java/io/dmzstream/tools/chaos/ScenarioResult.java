package io.dmzstream.tools.chaos;

import java.util.List;
import java.util.Map;

/**
 * What one scenario measured and whether it passed.
 *
 * @param status  {@code pass} (every check passed), {@code fail}, {@code error} (the scenario
 *                could not run to its end: see message) or {@code skipped} (message says why)
 * @param tally   the committed figures; null when the scenario did not get that far
 * @param figures scenario-specific figures (per poison record, probe latencies, ...)
 */
record ScenarioResult(String name, String title, String guarantee, String status, double seconds, Tally tally,
                      List<Fault> faults, List<Check> checks, Map<String, Object> figures, String message) {
    static final String PASS = "pass";
    static final String FAIL = "fail";
    static final String ERROR = "error";
    static final String SKIPPED = "skipped";

    ScenarioResult {
        faults = List.copyOf(faults);
        checks = List.copyOf(checks);
        figures = Map.copyOf(figures);
    }

    static ScenarioResult skipped(Scenario scenario, String why) {
        return new ScenarioResult(scenario.name(), scenario.title(), "", SKIPPED, 0, null, List.of(), List.of(),
                Map.of(), why);
    }

    boolean passed() {
        return PASS.equals(status);
    }
}

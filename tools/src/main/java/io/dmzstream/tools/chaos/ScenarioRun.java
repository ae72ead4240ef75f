package io.dmzstream.tools.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Collects a scenario's faults, checks and figures while it runs, then makes its result. */
final class ScenarioRun {
    private final Scenario scenario;
    private final String guarantee;
    private final long startedAt = System.currentTimeMillis();
    private final List<Mark> faults = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    ScenarioRun(Scenario scenario, String guarantee) {
        this.scenario = scenario;
        this.guarantee = guarantee;
    }

    /** A fault starts now; call {@link Mark#end()} when it is over (a kill ends at once). */
    Mark fault(String kind, String target) {
        Mark m = new Mark(kind, target, System.currentTimeMillis());
        faults.add(m);
        return m;
    }

    void check(Check check) {
        checks.add(check);
    }

    void figure(String name, Object value) {
        figures.put(name, value);
    }

    long elapsedMs() {
        return System.currentTimeMillis() - startedAt;
    }

    /**
     * The result: the usual checks on the tally (nothing missing, no valid input dead-lettered,
     * every poison input dead-lettered exactly once, duplicates only where allowed) plus the
     * scenario's own.
     */
    ScenarioResult finish(Deployment deployment, CommittedCount count, boolean duplicatesAllowed) {
        List<Input> inputs = deployment.feed().inputs();
        Tally tally = Tally.of(inputs, count, deployment.kinds());
        List<Check> all = new ArrayList<>();
        all.add(Check.equal("no output missing", 0, tally.missing()));
        if (!duplicatesAllowed) {
            all.add(Check.equal("no output duplicated (read_committed)", 0, tally.duplicated()));
        }
        all.add(Check.equal("no valid input dead-lettered", 0, tally.validDeadLettered()));
        if (tally.poisonInputs() > 0) {
            all.add(Check.equal("every poison input dead-lettered", 0, tally.poisonUnanswered()));
            all.add(Check.equal("no poison input dead-lettered twice", 0, tally.poisonRepeated()));
        }
        all.addAll(checks);
        List<Fault> measured = new ArrayList<>();
        for (Mark m : faults) {
            long end = m.endedAt < 0 ? m.startedAt : m.endedAt;
            OptionalLong recovery = deployment.ledger().recoveryMs(inputs, end);
            measured.add(new Fault(m.kind, m.target, (m.startedAt - startedAt) / 1000.0, end - m.startedAt,
                    recovery.isPresent() ? recovery.getAsLong() : null, m.note));
        }
        String status = all.stream().allMatch(Check::passed) ? ScenarioResult.PASS : ScenarioResult.FAIL;
        return new ScenarioResult(scenario.name(), scenario.title(), guarantee, status, elapsedMs() / 1000.0, tally,
                measured, all, figures, tally.examples().isEmpty() ? "" : String.join("; ", tally.examples()));
    }

    /** A fault in progress. */
    static final class Mark {
        private final String kind;
        private final String target;
        private final long startedAt;
        private long endedAt = -1;
        private String note = "";

        private Mark(String kind, String target, long startedAt) {
            this.kind = kind;
            this.target = target;
            this.startedAt = startedAt;
        }

        Mark end() {
            endedAt = System.currentTimeMillis();
            return this;
        }

        /** Ended at a known time (e.g. a device fault that lasts until a deadline). */
        Mark endAt(long epochMs) {
            endedAt = epochMs;
            return this;
        }

        Mark note(String text) {
            note = note.isEmpty() ? text : note + "; " + text;
            return this;
        }
    }
}

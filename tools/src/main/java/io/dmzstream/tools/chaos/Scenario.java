package io.dmzstream.tools.chaos;

/** One fault-injection experiment of the suite, run in its own deployment (own topics and group). */
interface Scenario {
    /** Short stable name (report key, {@code --scenarios} filter). */
    String name();

    /** One line: what is done to the service. */
    String title();

    /** What must hold for it to pass (the report repeats it). */
    String criteria();

    /** Runs it; a thrown exception becomes an {@code error} result with the run's log folder. */
    ScenarioResult run(ChaosContext context) throws Exception;
}

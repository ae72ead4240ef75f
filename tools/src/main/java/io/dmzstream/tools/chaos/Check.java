package io.dmzstream.tools.chaos;

/** One pass/fail criterion of a scenario, with what was observed. */
record Check(String name, boolean passed, String observed) {
    static Check equal(String name, long expected, long observed) {
        return new Check(name, expected == observed, "expected " + expected + ", observed " + observed);
    }

    static Check that(String name, boolean passed, String observed) {
        return new Check(name, passed, observed);
    }
}

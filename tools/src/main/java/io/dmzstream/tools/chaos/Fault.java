package io.dmzstream.tools.chaos;

/**
 * One injected fault and how long the service took to recover from it.
 *
 * @param atSeconds  when it started, seconds after the scenario's start
 * @param durationMs how long the fault lasted (0 for a kill: the process is gone at once)
 * @param recoveryMs ms from the fault's end until every valid input sent before that end had all
 *                   its outputs committed; null when some never had
 * @param note       anything else measured about it (e.g. how long the restarted instance took to be ready)
 */
record Fault(String kind, String target, double atSeconds, long durationMs, Long recoveryMs, String note) {
}

package io.dmzstream.tools.chaos;

import java.util.Set;

/**
 * One record the suite wrote to an input topic, where it landed, and what it must produce.
 *
 * @param key     record key (unique per scenario; outputs and dead letters keep it)
 * @param outputs output topics that must each receive exactly one record with this key; empty for
 *                a poison record, which must instead get exactly one dead letter
 * @param sentAt  wall-clock ms when the broker acknowledged it
 */
record Input(String key, Set<String> outputs, long sentAt, int partition, long offset, String label) {
    Input {
        outputs = Set.copyOf(outputs);
    }

    boolean poison() {
        return outputs.isEmpty();
    }
}

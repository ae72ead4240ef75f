package io.dmzstream.tools.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A scenario's figures from the committed count: inputs, requested and produced outputs per kind,
 * missing and duplicated outputs, dead letters by reason.
 *
 * @param missing           (valid input, requested kind) pairs without an output
 * @param duplicated        outputs beyond the first per (input, kind)
 * @param unexpected        outputs for no input of the scenario, or of a kind it did not ask for
 * @param validDeadLettered valid inputs that got a dead letter
 * @param poisonUnanswered  poison inputs without a dead letter
 * @param poisonRepeated    dead letters beyond the first per poison input
 * @param examples          a few missing or duplicated (kind, key) pairs, for the log
 */
record Tally(int inputs, int validInputs, int poisonInputs, Map<String, Integer> requested, Map<String, Integer> outputs,
             int missing, int duplicated, int unexpected, Map<String, Integer> deadLettersByReason,
             int validDeadLettered, int poisonUnanswered, int poisonRepeated, List<String> examples) {

    /** @param kinds output topic -> kind name (latents, labels, ...) */
    static Tally of(Collection<Input> inputs, CommittedCount count, Map<String, String> kinds) {
        Map<String, Integer> requested = new TreeMap<>();
        Map<String, Integer> outputs = new TreeMap<>();
        kinds.values().forEach(k -> {
            requested.put(k, 0);
            outputs.put(k, 0);
        });
        int missing = 0;
        int duplicated = 0;
        int validDeadLettered = 0;
        int poisonUnanswered = 0;
        int poisonRepeated = 0;
        int poison = 0;
        List<String> examples = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (Input input : inputs) {
            long letters = count.deadLetters().stream().filter(d -> d.of(input)).count();
            if (input.poison()) {
                poison++;
                poisonUnanswered += letters == 0 ? 1 : 0;
                poisonRepeated += (int) Math.max(0, letters - 1);
                continue;
            }
            validDeadLettered += letters > 0 ? 1 : 0;
            for (String topic : input.outputs()) {
                expected.add(topic + "\u0000" + input.key());
                requested.merge(kinds.get(topic), 1, Integer::sum);
                int n = count.count(topic, input.key());
                if (n == 0) {
                    missing++;
                    example(examples, "missing " + kinds.get(topic) + " " + input.key());
                } else if (n > 1) {
                    duplicated += n - 1;
                    example(examples, n + "x " + kinds.get(topic) + " " + input.key());
                }
            }
        }
        int unexpected = 0;
        for (var topic : count.outputs().entrySet()) {
            for (var key : topic.getValue().entrySet()) {
                outputs.merge(kinds.get(topic.getKey()), key.getValue(), Integer::sum);
                if (!expected.contains(topic.getKey() + "\u0000" + key.getKey())) {
                    unexpected += key.getValue();
                }
            }
        }
        Map<String, Integer> byReason = new TreeMap<>();
        count.deadLetters().forEach(d -> byReason.merge(d.stage() + "/" + d.reason(), 1, Integer::sum));
        return new Tally(inputs.size(), inputs.size() - poison, poison, requested, outputs, missing, duplicated,
                unexpected, byReason, validDeadLettered, poisonUnanswered, poisonRepeated, examples);
    }

    private static void example(List<String> examples, String s) {
        if (examples.size() < 8) {
            examples.add(s);
        }
    }

    int deadLetters() {
        return deadLettersByReason.values().stream().mapToInt(Integer::intValue).sum();
    }
}

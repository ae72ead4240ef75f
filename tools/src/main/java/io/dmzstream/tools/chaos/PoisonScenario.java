package io.dmzstream.tools.chaos;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The poison catalogue ({@link PoisonCatalogue}), each record on a partition of its own and followed
 * by a valid record on the same partition: the poison record must get exactly one dead letter and
 * the valid one its outputs, so no kind of bad input can stop a partition.
 */
final class PoisonScenario implements Scenario {
    @Override
    public String name() {
        return "poison";
    }

    @Override
    public String title() {
        return "the poison catalogue, each record followed by a valid one on the same partition";
    }

    @Override
    public String criteria() {
        return "each poison record exactly one dead letter (any stable reason), each follower served exactly once";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        var serializer = EventSerdes.withoutRegistry().images().serializer();
        int maxImage = new DmzStreamConfig(Map.of()).getInt(DmzStreamConfig.IMAGE_MAX_BYTES);
        // single-object encoding does not depend on the topic: the catalogue can be built before the topics
        List<PoisonCatalogue.Pill> pills = PoisonCatalogue.all(serializer, "chaos-poison.images", maxImage);
        try (Deployment d = Deployment.create(context, name(), 2, Map.of(
                DmzStreamConfig.TOPIC_PARTITIONS, String.valueOf(pills.size())))) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            List<Input[]> pairs = new ArrayList<>();
            for (int p = 0; p < pills.size(); p++) {
                PoisonCatalogue.Pill pill = pills.get(p);
                Input poison = d.feed().send("poison-" + pill.name(), pill.value(), Set.of(), p, pill.name());
                Input follower = d.traffic().valid("after-" + pill.name(), p, p);
                pairs.add(new Input[] {poison, follower});
            }
            context.log("poison: %d poison records sent, each followed by a valid one", pills.size());
            CommittedCount count = d.settleAndCount();
            List<Map<String, Object>> table = new ArrayList<>();
            for (int p = 0; p < pills.size(); p++) {
                PoisonCatalogue.Pill pill = pills.get(p);
                Input poison = pairs.get(p)[0];
                Input follower = pairs.get(p)[1];
                List<DeadLetter> letters = count.deadLetters().stream().filter(l -> l.of(poison)).toList();
                boolean followerServed = follower.outputs().stream().allMatch(t -> count.count(t, follower.key()) == 1);
                boolean followerDeadLettered = count.deadLetters().stream().anyMatch(l -> l.of(follower));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pill", pill.name());
                row.put("dead_letters", letters.size());
                row.put("stage", letters.isEmpty() ? "" : letters.get(0).stage());
                row.put("reason", letters.isEmpty() ? "" : letters.get(0).reason());
                row.put("expected_reason", pill.expected() == null ? "" : pill.expected());
                row.put("follower_served", followerServed);
                row.put("partition", poison.partition());
                table.add(row);
                run.check(Check.that(pill.name() + ": one dead letter, next record served",
                        letters.size() == 1 && followerServed && !followerDeadLettered,
                        letters.size() + " dead letter(s)"
                                + (letters.isEmpty() ? "" : " " + letters.get(0).stage() + "/" + letters.get(0).reason())
                                + ", follower " + (followerServed ? "served" : followerDeadLettered
                                ? "dead-lettered" : "not served")));
            }
            run.figure("pills", table);
            return run.finish(d, count, false);
        }
    }
}

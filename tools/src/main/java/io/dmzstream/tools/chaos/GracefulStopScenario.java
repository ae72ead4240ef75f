package io.dmzstream.tools.chaos;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A rolling restart: each of two instances in turn gets SIGTERM while inputs flow, stays down for
 * a while, then starts again. A graceful stop must leave the consumer group, so the survivor takes
 * the partitions over at once instead of after the session timeout: inputs written while an
 * instance was stopping or down must be served within that timeout.
 */
final class GracefulStopScenario implements Scenario {
    private static final long DOWN_MS = 8000;

    @Override
    public String name() {
        return "sigterm";
    }

    @Override
    public String title() {
        return "rolling restart: SIGTERM of each instance in turn, down " + DOWN_MS / 1000 + " s, then started again";
    }

    @Override
    public String criteria() {
        return "every requested output exactly once, no dead letters, inputs written while an instance was stopped "
                + "served within the session timeout (" + ChaosProfile.SESSION_TIMEOUT.toSeconds() + " s), "
                + "both instances ready again";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        ChaosProfile profile = context.profile();
        try (Deployment d = Deployment.create(context, name(), 2, Map.of())) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            long totalMs = 3000 + 2 * (DOWN_MS + 8000);
            Traffic.Background feed = d.traffic().background(name(), (int) (profile.rate() * totalMs / 1000),
                    profile.rate());
            Thread.sleep(3000);
            long worst = 0;
            boolean allServed = true;
            int readyAgain = 0;
            for (ServiceProcess s : d.instances()) {
                ScenarioRun.Mark fault = run.fault("SIGTERM, down " + DOWN_MS / 1000 + " s, start", s.name());
                long stopAt = System.currentTimeMillis();
                s.terminate(30_000);
                fault.note(String.format("stopped in %.1f s", (System.currentTimeMillis() - stopAt) / 1000.0));
                context.log("sigterm: %s stopped", s.name());
                Thread.sleep(Math.max(0, stopAt + DOWN_MS - System.currentTimeMillis()));
                long downUntil = System.currentTimeMillis();
                s.start();
                fault.end();
                try {
                    s.awaitReady(Deployment.READY_TIMEOUT);
                    readyAgain++;
                } catch (IllegalStateException e) {
                    fault.note("never ready again");
                }
                // inputs written while it was stopping or down: their latency shows whether its
                // partitions waited for the session timeout
                d.ledger().awaitDone(during(d, stopAt, downUntil), profile.settle());
                for (Input i : during(d, stopAt, downUntil)) {
                    OptionalLong served = d.ledger().servedAt(i);
                    if (served.isEmpty()) {
                        allServed = false;
                    } else {
                        worst = Math.max(worst, served.getAsLong() - i.sentAt());
                    }
                }
                Thread.sleep(4000);
            }
            feed.join();
            run.figure("worst_latency_while_an_instance_was_down_ms", worst);
            run.check(Check.that("inputs written while an instance was down served within the session timeout",
                    allServed && worst < ChaosProfile.SESSION_TIMEOUT.toMillis(),
                    allServed ? "worst latency " + worst + " ms" : "some never served"));
            run.check(Check.equal("instances ready again", 2, readyAgain));
            return run.finish(d, d.settleAndCount(), false);
        }
    }

    private static List<Input> during(Deployment d, long from, long to) {
        return d.feed().inputs().stream().filter(i -> i.sentAt() >= from && i.sentAt() <= to).toList();
    }
}

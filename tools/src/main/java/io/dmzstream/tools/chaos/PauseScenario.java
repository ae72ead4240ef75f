package io.dmzstream.tools.chaos;

import java.util.Map;

/**
 * One of two instances is frozen (SIGSTOP) for longer than the session timeout while inputs flow:
 * its partitions move to the other instance. Then it thaws (SIGCONT) with stale work in flight and
 * an open transaction: it must be fenced, so nothing is produced twice.
 */
final class PauseScenario implements Scenario {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public String title() {
        return "SIGSTOP of one instance beyond the session timeout, then SIGCONT";
    }

    @Override
    public String criteria() {
        return "every requested output exactly once (no duplicates from the thawed instance), no dead letters, "
                + "the thawed instance ready again";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        ChaosProfile profile = context.profile();
        try (Deployment d = Deployment.create(context, name(), 2, Map.of())) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            long pauseMs = ChaosProfile.SESSION_TIMEOUT.plus(profile.pauseBeyondSession()).toMillis();
            long totalMs = 4000 + pauseMs + 6000;
            Traffic.Background feed = d.traffic().background(name(), (int) (profile.rate() * totalMs / 1000),
                    profile.rate());
            Thread.sleep(4000);
            ServiceProcess frozen = d.instance(context.random().nextInt(2));
            ScenarioRun.Mark fault = run.fault("SIGSTOP for " + pauseMs / 1000 + " s, then SIGCONT", frozen.name());
            frozen.pause();
            context.log("pause: %s stopped for %d s", frozen.name(), pauseMs / 1000);
            Thread.sleep(pauseMs);
            frozen.resume();
            fault.end();
            context.log("pause: %s continued", frozen.name());
            feed.join();
            long t0 = System.currentTimeMillis();
            boolean ready;
            try {
                frozen.awaitReady(Deployment.READY_TIMEOUT);
                ready = true;
                fault.note(String.format("thawed instance ready after %.1f s", (System.currentTimeMillis() - t0) / 1000.0));
            } catch (IllegalStateException e) {
                ready = false;
                fault.note("thawed instance never ready again");
            }
            run.check(Check.that("thawed instance ready again", ready, ready ? "ready" : "not ready"));
            return run.finish(d, d.settleAndCount(), false);
        }
    }
}

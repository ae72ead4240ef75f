package io.dmzstream.tools.chaos;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.util.Map;

/**
 * Repeated SIGKILL of a random instance of two while inputs flow: no close, no last commit,
 * transactions left open. The victim restarts at once, every second time with an empty state
 * folder (it restores the durable buffer from the changelog). Under exactly_once_v2 every
 * requested output must appear exactly once; under at_least_once none may be missing.
 */
final class KillScenario implements Scenario {
    static final String EXACTLY_ONCE = "exactly_once_v2";
    static final String AT_LEAST_ONCE = "at_least_once";

    private final String guarantee;

    KillScenario(String guarantee) {
        this.guarantee = guarantee;
    }

    @Override
    public String name() {
        return EXACTLY_ONCE.equals(guarantee) ? "kill-eos" : "kill-alos";
    }

    @Override
    public String title() {
        return "repeated SIGKILL of a random instance (every second restart with an empty state folder), " + guarantee;
    }

    @Override
    public String criteria() {
        return EXACTLY_ONCE.equals(guarantee)
                ? "every requested output exactly once, no dead letters, every restarted instance ready again"
                : "no requested output missing (duplicates counted, allowed), no dead letters, every restart ready";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        ChaosProfile profile = context.profile();
        try (Deployment d = Deployment.create(context, name(), 2,
                Map.of(DmzStreamConfig.PROCESSING_GUARANTEE, guarantee))) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, guarantee);
            int count = (int) (profile.feedSeconds() * profile.rate());
            Traffic.Background feed = d.traffic().background(name(), count, profile.rate());
            long start = System.currentTimeMillis();
            long interval = profile.feedSeconds() * 1000L / (profile.kills() + 1);
            int readyAgain = 0;
            for (int k = 1; k <= profile.kills(); k++) {
                long wait = start + k * interval - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                ServiceProcess victim = d.instance(context.random().nextInt(d.instances().size()));
                boolean wipe = k % 2 == 0;
                ScenarioRun.Mark fault = run.fault(wipe ? "SIGKILL, restart with an empty state folder"
                        : "SIGKILL, restart", victim.name());
                fault.end();
                victim.kill();
                if (wipe) {
                    victim.wipeState();
                }
                context.log("%s: killed %s (%d/%d)%s", name(), victim.name(), k, profile.kills(),
                        wipe ? ", state folder wiped" : "");
                long t0 = System.currentTimeMillis();
                victim.start();
                try {
                    victim.awaitReady(Deployment.READY_TIMEOUT);
                    readyAgain++;
                    fault.note(String.format("restarted instance ready after %.1f s",
                            (System.currentTimeMillis() - t0) / 1000.0));
                } catch (IllegalStateException e) {
                    fault.note("restarted instance never ready");
                    context.log("%s: %s", name(), e.getMessage());
                }
            }
            feed.join();
            run.check(Check.equal("restarted instances ready again", profile.kills(), readyAgain));
            return run.finish(d, d.settleAndCount(), AT_LEAST_ONCE.equals(guarantee));
        }
    }
}

package io.dmzstream.tools.chaos;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Faults of the inference engine while inputs flow to two instances: an Error thrown by one model
 * call, a model call that hangs, then a device-wide fault (every call fails) for a while. None is
 * the inputs' fault: every output must still appear exactly once and nothing may be dead-lettered;
 * during the device fault readiness must go DOWN (requests wait buffered), and come back UP.
 */
final class EngineFaultScenario implements Scenario {
    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String title() {
        return "engine faults: an Error in a model call, a hung call, every call failing for a while";
    }

    @Override
    public String criteria() {
        return "every requested output exactly once, no dead letters, readiness DOWN during the device fault "
                + "and UP again after it, both instances alive";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        ChaosProfile profile = context.profile();
        try (Deployment d = Deployment.create(context, name(), 2, Map.of())) {
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            double rate = profile.rate();
            long totalMs = 4000 + 4000 + profile.hang().toMillis() + profile.deviceFault().toMillis() + 4000;
            Traffic.Background feed = d.traffic().background(name(), (int) (rate * totalMs / 1000), rate);

            Thread.sleep(4000);
            inject(d, "error", Map.of());
            run.fault("Error thrown by a model call (once per instance)", "both").end();
            context.log("engine: injected an Error");
            Thread.sleep(4000);

            inject(d, "hang", Map.of("hang.ms", String.valueOf(profile.hang().toMillis())));
            run.fault("model call hangs " + profile.hang().toSeconds() + " s (once per instance)", "both")
                    .endAt(System.currentTimeMillis() + profile.hang().toMillis());
            context.log("engine: a model call hangs for %d s", profile.hang().toSeconds());
            Thread.sleep(profile.hang().toMillis());

            long until = System.currentTimeMillis() + profile.deviceFault().toMillis();
            inject(d, "fail", Map.of("until", String.valueOf(until)));
            ScenarioRun.Mark device = run.fault("every model call fails for " + profile.deviceFault().toSeconds() + " s",
                    "both").endAt(until);
            context.log("engine: every model call fails for %d s", profile.deviceFault().toSeconds());
            Map<String, Map<Integer, Integer>> readyDuringFault = new TreeMap<>();
            boolean downSeen = false;
            while (System.currentTimeMillis() < until) {
                for (ServiceProcess s : d.instances()) {
                    int code = s.health("/health/ready");
                    downSeen |= code == 503;
                    readyDuringFault.computeIfAbsent(s.name(), n -> new TreeMap<>()).merge(code, 1, Integer::sum);
                }
                Thread.sleep(500);
            }
            inject(d, "none", Map.of());
            feed.join();
            run.check(Check.that("readiness DOWN during the device fault", downSeen,
                    downSeen ? "503 seen" : "/health/ready stayed 200"));
            run.figure("readiness_during_device_fault (instance: status -> probes)", readyDuringFault);

            boolean done = d.awaitDone();
            long readyAgain = 0;
            for (ServiceProcess s : d.instances()) {
                readyAgain += s.running() && s.health("/health/ready") == 200 ? 1 : 0;
            }
            device.note(done ? "all inputs served afterwards" : "not all inputs served");
            run.check(Check.equal("both instances alive and ready after the faults", 2, readyAgain));
            return run.finish(d, d.settleAndCount(), false);
        }
    }

    private static void inject(Deployment d, String fault, Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("fault", fault);
        p.setProperty("token", UUID.randomUUID().toString());
        extra.forEach(p::setProperty);
        EngineFaults.write(d.faultsFile(), p);
    }
}

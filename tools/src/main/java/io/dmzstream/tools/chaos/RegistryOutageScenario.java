package io.dmzstream.tools.chaos;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The schema registry becomes unreachable (a TCP proxy in front of it stops) while events written
 * with schema versions the service has not cached arrive: once mid-stream, once across a restart
 * of both instances (one SIGKILLed, one SIGTERMed, both started again while the registry is still
 * away). A transient fault of a dependency is not bad input: nothing may be dead-lettered, and
 * every output must appear once the registry is back.
 */
final class RegistryOutageScenario implements Scenario {
    @Override
    public String name() {
        return "registry";
    }

    @Override
    public String title() {
        return "schema registry unreachable mid-stream, and across a restart of both instances";
    }

    @Override
    public String criteria() {
        return "every requested output exactly once after the registry is back, no dead letters, instances ready again";
    }

    @Override
    public ScenarioResult run(ChaosContext context) throws Exception {
        var registry = context.registry();
        if (registry.isEmpty()) {
            return ScenarioResult.skipped(this, context.registryProblem());
        }
        String direct = registry.get().url().toString();
        ChaosProfile profile = context.profile();
        int perPhase = (int) Math.max(10, profile.rate() * profile.registryOutage().toSeconds());
        try (TcpProxy proxy = new TcpProxy(registry.get().url().getHost(), registry.get().url().getPort());
             Deployment d = Deployment.create(context, name(), 2,
                     Map.of(DmzStreamConfig.SCHEMA_REGISTRY_URL, registry.get().via(proxy.port())));
             SchemaVariants variants = new SchemaVariants(direct, d.topics().images())) {
            proxy.start();
            Serializer<ImageEvent> base = new EventSerdes(Map.of(DmzStreamConfig.SCHEMA_REGISTRY_URL, direct)).images().serializer();
            Function<ImageEvent, byte[]> baseEncoder = e -> base.serialize(d.topics().images(), e);
            d.encoder(baseEncoder);
            d.startAll();
            ScenarioRun run = new ScenarioRun(this, "exactly_once_v2");
            d.traffic().steady("warm", perPhase / 2, profile.rate());
            d.ledger().awaitDone(d.feed().inputs(), profile.settle()); // the service has the base schema id cached

            // 1. mid-stream: events with a new schema id while the registry is away
            proxy.stop();
            ScenarioRun.Mark outage = run.fault("registry unreachable for " + profile.registryOutage().toSeconds()
                    + " s, events with an unseen schema id", "registry");
            d.encoder(variants.register("v2"));
            context.log("registry: proxy down, writing with a new schema version");
            d.traffic().steady("outage", perPhase, profile.rate());
            proxy.start();
            outage.end();
            context.log("registry: proxy up");

            // 2. across a restart: both instances restart while the registry is away
            proxy.stop();
            ScenarioRun.Mark restart = run.fault("registry unreachable while both instances restart", "registry");
            d.encoder(variants.register("v3"));
            d.traffic().steady("restart-before", perPhase / 2, profile.rate());
            d.instance(0).kill();
            d.instance(1).terminate(20_000);
            d.instance(0).start();
            d.instance(1).start();
            context.log("registry: both instances restarted while the registry is away");
            d.traffic().steady("restart-after", perPhase / 2, profile.rate());
            proxy.start();
            restart.end();
            int ready = 0;
            for (ServiceProcess s : d.instances()) {
                try {
                    s.awaitReady(Deployment.READY_TIMEOUT);
                    ready++;
                } catch (IllegalStateException e) {
                    context.log("registry: %s", e.getMessage());
                }
            }
            restart.note(ready + " of 2 instances ready after the registry came back");
            run.check(Check.equal("instances ready after the registry came back", 2, ready));
            d.encoder(baseEncoder);
            d.traffic().steady("after", perPhase / 2, profile.rate());
            return run.finish(d, d.settleAndCount(), false);
        }
    }
}

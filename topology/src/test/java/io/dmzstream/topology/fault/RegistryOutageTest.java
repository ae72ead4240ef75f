package io.dmzstream.topology.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import io.dmzstream.topology.health.HealthStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {
    private static final String URL = "http://registry:8081";

    private static RegistryUnavailableException refused() {
        return new RegistryUnavailableException("Schema registry at " + URL + " is unreachable (GET /schemas/ids/7: "
                + "ConnectException, gave up after 2 attempts)", URL, SchemaRegistryException.NO_RESPONSE, null);
    }

    @Test
    void pausesOnTheFirstFailureNamesTheRegistryAndResumesOnceAProbeGetsAnAnswer() {
        AtomicBoolean back = new AtomicBoolean(false);
        List<String> events = new ArrayList<>();
        RegistryOutage outage = new RegistryOutage(() -> {
            events.add("probe");
            if (!back.get()) {
                throw refused();
            }
        }, () -> events.add("pause"), () -> events.add("resume"));
        outage.sample();
        assertTrue(outage.health().up());
        assertEquals(List.of(), events, "no probing while nothing failed");

        outage.failed(refused());
        outage.failed(refused()); // another task: already paused
        HealthStatus down = outage.health();
        assertFalse(down.up());
        assertTrue(down.reason().startsWith("schema registry unavailable, processing paused until it answers: "
                + "Schema registry at " + URL + " is unreachable"), down.reason());

        outage.sample();
        assertFalse(outage.health().up(), "still away");
        back.set(true);
        outage.sample();
        assertTrue(outage.health().up());
        outage.sample();
        assertEquals(List.of("pause", "probe", "probe", "resume"), events);
    }

    @Test
    void aFailureDuringAProbeKeepsThePause() {
        List<String> events = new ArrayList<>();
        RegistryOutage[] outage = new RegistryOutage[1];
        outage[0] = new RegistryOutage(() -> outage[0].failed(refused()), () -> events.add("pause"),
                () -> events.add("resume"));
        outage[0].failed(refused());
        outage[0].sample(); // the probe answered, but a task failed on the registry meanwhile
        assertFalse(outage[0].health().up());
        assertEquals(List.of("pause"), events);
    }
}

package io.dmzstream.schemas.it;

import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.registry.CompatibilityLevel;
import io.dmzstream.schemas.registry.CompatibilityResult;
import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.registry.SchemaRegistryConfig;
import io.dmzstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HttpSchemaRegistryClient} against a real registry (Apicurio 2.4.2, ccompat API). */
class RegistryClientIT {

    private final HttpSchemaRegistryClient client = newClient();

    private static HttpSchemaRegistryClient newClient() {
        return new HttpSchemaRegistryClient(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, RegistryUnderTest.ccompatUrl()));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static Schema v1() {
        return SchemaBuilder.record("Probe").namespace("io.dmzstream.it").fields()
            .requiredString("id").requiredInt("width").endRecord();
    }

    @Test
    void registeredSchemaIsFetchedByIdByAFreshClient() {
        String subject = RegistryUnderTest.unique("fetch-value");
        int id = client.register(subject, ImageEvent.getClassSchema());
        try (HttpSchemaRegistryClient fresh = newClient()) {
            assertEquals(ImageEvent.getClassSchema(), fresh.getById(id));
            assertEquals(id, fresh.lookup(subject, ImageEvent.getClassSchema()));
            assertEquals(id, fresh.latest(subject).id());
            assertEquals(1, fresh.latest(subject).version());
        }
    }

    @Test
    void sameSchemaGetsTheSameId() {
        String subject = RegistryUnderTest.unique("same-value");
        int first = client.register(subject, LabelEvent.getClassSchema());
        try (HttpSchemaRegistryClient fresh = newClient()) {
            assertEquals(first, fresh.register(subject, LabelEvent.getClassSchema()));
            assertEquals(first, fresh.register(RegistryUnderTest.unique("other-value"), LabelEvent.getClassSchema()));
            assertEquals(1, fresh.latest(subject).version(), "re-registering must not add a version");
        }
    }

    @Test
    void addingAFieldWithADefaultIsAccepted() {
        String subject = RegistryUnderTest.unique("evolve-value");
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        int v1 = client.register(subject, v1());
        Schema v2 = SchemaBuilder.record("Probe").namespace("io.dmzstream.it").fields()
            .requiredString("id").requiredInt("width").name("channels").type().intType().intDefault(1).endRecord();

        assertTrue(client.testCompatibility(subject, v2).compatible());
        int v2Id = client.register(subject, v2);

        assertNotEquals(v1, v2Id);
        assertEquals(2, client.latest(subject).version());
        assertEquals(v2, client.latest(subject).schema());
    }

    @Test
    void anIncompatibleChangeIsRejectedWithAClearError() {
        String subject = RegistryUnderTest.unique("guarded-value");
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, v1());
        Schema breaking = SchemaBuilder.record("Probe").namespace("io.dmzstream.it").fields()
            .requiredString("id").requiredInt("width").requiredInt("channels").endRecord(); // no default

        CompatibilityResult verdict = client.testCompatibility(subject, breaking);
        assertFalse(verdict.compatible());

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register(subject, breaking));
        assertTrue(e.isIncompatible(), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 409"), e.getMessage());
        assertTrue(e.getMessage().contains(RegistryUnderTest.ccompatUrl()), e.getMessage());
        assertEquals(1, client.latest(subject).version());
    }

    @Test
    void theRegistryGrantsAccess() {
        client.checkAccess();
    }

    @Test
    void aUrlWithoutTheConfluentApiPathIsAnOutageWithAHintNotAnUnknownId() {
        String wrongPath = RegistryUnderTest.ccompatUrl().replace("/apis/ccompat/v7", "");
        try (HttpSchemaRegistryClient wrong = new HttpSchemaRegistryClient(Map.of(
            SchemaRegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, wrongPath))) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> wrong.getById(1));
            assertFalse(e.isNotFound());
            assertTrue(e.getMessage().contains("/apis/ccompat/v7"), e.getMessage());
            assertThrows(RegistryUnavailableException.class, wrong::checkAccess);
        }
    }

    @Test
    void unknownIdsAndSubjectsAreNotFound() {
        SchemaRegistryException id = assertThrows(SchemaRegistryException.class, () -> client.getById(987_654_321));
        assertTrue(id.isNotFound(), id.getMessage());
        assertFalse(id.isTransient(), id.getMessage());
        SchemaRegistryException subject = assertThrows(SchemaRegistryException.class,
            () -> client.latest(RegistryUnderTest.unique("never-registered")));
        assertTrue(subject.isNotFound(), subject.getMessage());
        SchemaRegistryException lookup = assertThrows(SchemaRegistryException.class,
            () -> client.lookup(RegistryUnderTest.unique("never-registered"), v1()));
        assertTrue(lookup.isNotFound(), lookup.getMessage());
    }
}

package io.dmzstream.schemas.evolution;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI gate: every current event schema must read everything written with its last released
 * version (schemas/src/released). To release a new version, see {@link FreezeReleasedSchemas}.
 */
class SchemaEvolutionGateTest {

    private static final Path RELEASED = Path.of("src/released");

    @Test
    void currentSchemasAreBackwardCompatibleWithTheirLastRelease() {
        List<CompatibilityGate.Violation> violations = CompatibilityGate.checkAll(EventSchemas.current(), ReleasedSchemas::of);
        assertTrue(violations.isEmpty(), () -> "schema changes that break consumers of released data:\n  "
            + violations.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
    }

    @Test
    void everyEventHasAReleasedVersion() {
        for (Schema current : EventSchemas.current()) {
            assertFalse(ReleasedSchemas.of(current.getFullName()).isEmpty(),
                current.getFullName() + " has no copy under src/released: run FreezeReleasedSchemas");
        }
    }

    @Test
    void releasedFolderHoldsOnlyKnownEventsWithGaplessVersions() throws IOException {
        Set<String> known = EventSchemas.current().stream().map(Schema::getFullName).collect(Collectors.toSet());
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                assertTrue(known.contains(name), "released schema " + name + " no longer exists: removing an event type breaks its consumers");
                long files;
                try (Stream<Path> versions = Files.list(dir)) {
                    files = versions.count();
                }
                assertEquals(files, ReleasedSchemas.of(name).size(), name + ": versions must be v1.avsc, v2.avsc, ... without gaps");
            }
        }
    }

    @Test
    void gateAcceptsAddedFieldWithDefaultAndRejectsOneWithout() {
        ReleasedSchemas.Released v1 = new ReleasedSchemas.Released("x.Event", 1,
            SchemaBuilder.record("Event").namespace("x").fields().requiredString("id").endRecord());
        Schema withDefault = SchemaBuilder.record("Event").namespace("x").fields()
            .requiredString("id").name("score").type().floatType().floatDefault(0f).endRecord();
        Schema withoutDefault = SchemaBuilder.record("Event").namespace("x").fields()
            .requiredString("id").requiredFloat("score").endRecord();
        Schema retyped = SchemaBuilder.record("Event").namespace("x").fields().requiredInt("id").endRecord();

        assertTrue(CompatibilityGate.check(withDefault, v1).isEmpty());
        CompatibilityGate.Violation missingDefault = CompatibilityGate.check(withoutDefault, v1).orElseThrow();
        assertTrue(missingDefault.toString().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), missingDefault.toString());
        assertTrue(CompatibilityGate.check(retyped, v1).isPresent());
    }

    @Test
    void gateComparesWithTheLastReleaseOnly() {
        Schema v1 = SchemaBuilder.record("E").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("E").fields().requiredString("a").name("b").type().intType().intDefault(0).endRecord();
        Schema current = SchemaBuilder.record("E").fields().requiredInt("b").endRecord(); // drops a, b required
        List<ReleasedSchemas.Released> releases = List.of(new ReleasedSchemas.Released("E", 1, v1), new ReleasedSchemas.Released("E", 2, v2));

        assertTrue(CompatibilityGate.checkAll(List.of(current), name -> releases).isEmpty(),
            "reads v2 (b present); v1 is not the last release");
        Schema breaksV2 = SchemaBuilder.record("E").fields().requiredString("c").endRecord();
        assertEquals(2, CompatibilityGate.checkAll(List.of(breaksV2), name -> releases).get(0).releasedVersion());
    }
}

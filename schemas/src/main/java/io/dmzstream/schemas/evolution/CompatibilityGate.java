package io.dmzstream.schemas.evolution;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The schema-evolution rule: a current schema must be BACKWARD compatible with the last released
 * version of the same record, i.e. a consumer built from the current schema can read everything
 * producers of the last release wrote (Avro reader = current, writer = released).
 */
public final class CompatibilityGate {

    private CompatibilityGate() {
    }

    /** Why one schema fails the gate. */
    public record Violation(String fullName, int releasedVersion, String detail) {
        @Override
        public String toString() {
            return fullName + " cannot read its released v" + releasedVersion + ": " + detail;
        }
    }

    public static Optional<Violation> check(Schema current, ReleasedSchemas.Released lastReleased) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, lastReleased.schema());
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String detail = result.getResult().getIncompatibilities().stream()
            .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
            .collect(Collectors.joining("; "));
        return Optional.of(new Violation(current.getFullName(), lastReleased.version(), detail));
    }

    /** Checks each current schema against the last of its released versions; schemas never released pass. */
    public static List<Violation> checkAll(List<Schema> currents, Function<String, List<ReleasedSchemas.Released>> releases) {
        List<Violation> violations = new ArrayList<>();
        for (Schema current : currents) {
            List<ReleasedSchemas.Released> released = releases.apply(current.getFullName());
            if (!released.isEmpty()) {
                check(current, released.get(released.size() - 1)).ifPresent(violations::add);
            }
        }
        return violations;
    }
}

package io.dmzstream.schemas.evolution;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Release step: copies each current event schema to {@code src/released/<full name>/v<N+1>.avsc}
 * when its structure differs from the last released version (doc-only edits are not a new version).
 * Run from the repository root (see schemas/README.md), then commit the new files:
 * <pre>
 * mvn -B -q -pl schemas test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.dmzstream.schemas.evolution.FreezeReleasedSchemas -Dexec.args=schemas/src/released
 * </pre>
 */
public final class FreezeReleasedSchemas {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/released");
        for (Schema current : EventSchemas.current()) {
            List<ReleasedSchemas.Released> released = ReleasedSchemas.of(current.getFullName());
            boolean unchanged = !released.isEmpty() && SchemaNormalization.toParsingForm(released.get(released.size() - 1).schema())
                .equals(SchemaNormalization.toParsingForm(current));
            if (unchanged) {
                System.out.println(current.getFullName() + ": unchanged since v" + released.size());
                continue;
            }
            Path file = root.resolve(current.getFullName()).resolve("v" + (released.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
            System.out.println(current.getFullName() + ": wrote " + file);
        }
    }
}

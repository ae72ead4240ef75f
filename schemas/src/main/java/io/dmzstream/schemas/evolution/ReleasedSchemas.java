package io.dmzstream.schemas.evolution;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The released versions of a record schema, shipped in this jar from {@code schemas/src/released}
 * as {@code io/dmzstream/schemas/released/<full name>/v<N>.avsc}, N = 1, 2, ... without gaps.
 *
 * <p>The registry-less serdes use them to read bytes written by an older release; the evolution
 * gate compares the current schemas with the last of them.
 */
public final class ReleasedSchemas {

    public static final String RESOURCE_ROOT = "io/dmzstream/schemas/released/";

    private ReleasedSchemas() {
    }

    /** One released version. */
    public record Released(String fullName, int version, Schema schema) {
    }

    /** All released versions of {@code fullName}, oldest first; empty if it was never released. */
    public static List<Released> of(String fullName) {
        ClassLoader loader = ReleasedSchemas.class.getClassLoader();
        List<Released> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = RESOURCE_ROOT + fullName + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Released(fullName, version, new Schema.Parser().parse(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            } catch (SchemaParseException e) {
                throw new IllegalStateException("released schema " + resource + " does not parse: " + e.getMessage(), e);
            }
        }
    }
}

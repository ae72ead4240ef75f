package io.dmzstream.model.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the raw datasets are cached: system property {@code dmz.data.dir}, else environment
 * variable {@code DMZ_DATA_DIR}, else {@code ~/.cache/dmz-stream/data} (what ops/fetch-datasets.sh uses).
 */
public final class DataDir {
    public static final String PROPERTY = "dmz.data.dir";
    public static final String ENV = "DMZ_DATA_DIR";

    private DataDir() {
    }

    public static Path resolve() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "dmz-stream", "data");
    }

    /** The folder of one raw dataset, or a clear error telling how to fetch it. */
    public static Path require(Path root, String dataset) {
        Path dir = root.resolve(dataset);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("dataset '" + dataset + "' not found in " + root
                    + ": run ops/fetch-datasets.sh " + root + " (or set " + ENV + ")");
        }
        return dir;
    }
}

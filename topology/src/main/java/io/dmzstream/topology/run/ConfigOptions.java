package io.dmzstream.topology.run;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** --config FILE and --set key=value, shared by every command; environment DMZ_* overrides the file. */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, description = "Properties file (keys documented in the README).")
    Path file;

    @Option(names = {"-s", "--set"}, description = "Override one key, e.g. --set batch.max.size=64 (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    public DmzStreamConfig load() {
        DmzStreamConfig base = DmzStreamConfig.load(file, System.getenv());
        return sets.isEmpty() ? base : base.with(sets);
    }
}

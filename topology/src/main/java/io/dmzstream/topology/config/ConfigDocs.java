package io.dmzstream.topology.config;

import org.apache.kafka.common.config.ConfigDef;

/** Renders a ConfigDef as the Markdown table the README documents the keys with. */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    /** The keys of {@code def} that {@code documented} does not define (one row per key across tables). */
    public static ConfigDef without(ConfigDef def, ConfigDef documented) {
        ConfigDef rest = new ConfigDef();
        def.configKeys().values().stream().filter(key -> !documented.names().contains(key.name)).forEach(rest::define);
        return rest;
    }

    public static String markdownTable(ConfigDef def) {
        StringBuilder sb = new StringBuilder("| key | env | default | description |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            Object dflt = key.hasDefault() ? key.defaultValue : "(required)";
            String shown = dflt instanceof java.util.List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : String.valueOf(dflt);
            sb.append("| `").append(key.name).append("` | `")
                    .append(DmzStreamConfig.ENV_PREFIX).append(key.name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'))
                    .append("` | `").append(shown).append("` | ").append(key.documentation).append(" |\n");
        }
        return sb.toString();
    }
}

package io.dmzstream.topology.run;

import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.topology.config.ConfigDocs;
import io.dmzstream.topology.config.DmzStreamConfig;
import picocli.CommandLine.Command;

/**
 * Prints every configuration key as Markdown tables (the README's configuration section): the
 * service's keys, then the schema-registry client's, which every command's serdes take from the same
 * file and environment.
 */
@Command(name = "config-docs", description = "Print every configuration key, its environment variable and default.")
public final class ConfigDocsCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(ConfigDocs.markdownTable(DmzStreamConfig.configDef()));
        System.out.println();
        System.out.print(ConfigDocs.markdownTable(ConfigDocs.without(AvroSerdeConfig.configDef(),
                DmzStreamConfig.configDef())));
    }
}

package io.dmzstream.topology.run;

import io.dmzstream.topology.config.ConfigDocs;
import io.dmzstream.topology.config.DmzStreamConfig;
import picocli.CommandLine.Command;

/** Prints every configuration key as a Markdown table (the README's configuration section). */
@Command(name = "config-docs", description = "Print every configuration key, its environment variable and default.")
public final class ConfigDocsCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(ConfigDocs.markdownTable(DmzStreamConfig.configDef()));
    }
}

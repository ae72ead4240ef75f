package io.dmzstream.tools.cli;

import java.util.Locale;

/**
 * A zoo domain-transfer pair as the demo names it, {@code source:target} (or {@code source->target},
 * quoted in a shell): the two DMZ models
 * ({@code dmz-<domain>}) and the bridge between their codes ({@code bridge-<source>-<target>}).
 */
record TransferPair(String source, String target) {

    static TransferPair parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("->|:", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].equals(parts[1])) {
            throw new IllegalArgumentException("--transfer wants SOURCE:TARGET, e.g. edges:fashion or mnist:mnistm, got '"
                    + text + "'");
        }
        return new TransferPair(parts[0].strip(), parts[1].strip());
    }

    String models() {
        return "dmz-" + source + ",dmz-" + target;
    }

    String bridge() {
        return "bridge-" + source + "-" + target;
    }

    /** The committed edges->fashion picture keeps its name; other pairs get one each. */
    String gridFile() {
        return source.equals("edges") && target.equals("fashion") ? "docs/demo-transfer-grid.png"
                : "docs/demo-transfer-" + source + "-" + target + "-grid.png";
    }
}

package io.dmzstream.model.train;

import java.nio.file.Path;

/** How paths appear in recorded commands and manifests: the home folder as {@code ~}, so they read the same on any machine. */
public final class CommandLines {
    private CommandLines() {
    }

    public static String homeRelative(Path path) {
        String p = path.toString();
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty() && (p.equals(home) || p.startsWith(home + "/"))) {
            return "~" + p.substring(home.length());
        }
        return p;
    }
}

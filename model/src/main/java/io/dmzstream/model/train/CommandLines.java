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

    /** The inverse of {@link #homeRelative}: a leading {@code ~} becomes the home folder. */
    public static Path expandHome(String path) {
        String home = System.getProperty("user.home", "");
        if (path.equals("~")) {
            return Path.of(home);
        }
        return path.startsWith("~/") ? Path.of(home, path.substring(2)) : Path.of(path);
    }
}

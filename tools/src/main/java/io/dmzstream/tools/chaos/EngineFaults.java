package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Engine faults a chaos instance's models inject, driven by a control file the suite rewrites
 * while the instances run (both instances read the same file). The file is a properties file:
 * <pre>
 *   fault=error|hang|fail|none
 *   token=&lt;any string&gt;   error, hang: each instance injects the fault once per token
 *   hang.ms=15000         hang: how long the call blocks (ignoring interrupts, like a stuck native call)
 *   until=&lt;epoch ms&gt;      fail: every model call throws until then
 * </pre>
 */
public final class EngineFaults {
    /** Re-read the file at most this often: a model call is microseconds, a stat is not free. */
    private static final long RELOAD_NANOS = 50_000_000L;

    private final Path file;
    private final Set<String> spentTokens = new HashSet<>();
    private long nextCheck;
    private long lastModified = -1;
    private Properties current = new Properties();

    public EngineFaults(Path file) {
        this.file = file;
    }

    /** No faults at all (instances started without a control file). */
    public static EngineFaults none() {
        return new EngineFaults(null);
    }

    /** Called before every model call: throws, blocks or returns as the control file says. */
    public void beforeCall() {
        Properties p = reload();
        String fault = p.getProperty("fault", "none");
        switch (fault) {
            case "error" -> {
                if (spend(p)) {
                    throw new InjectedError();
                }
            }
            case "hang" -> {
                if (spend(p)) {
                    long until = System.nanoTime() + Long.parseLong(p.getProperty("hang.ms", "15000")) * 1_000_000L;
                    for (long left; (left = until - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left);
                    }
                }
            }
            case "fail" -> {
                if (System.currentTimeMillis() < Long.parseLong(p.getProperty("until", "0"))) {
                    throw new IllegalStateException("chaos: injected device fault (every model call fails)");
                }
            }
            default -> {
            }
        }
    }

    private synchronized boolean spend(Properties p) {
        return spentTokens.add(p.getProperty("token", ""));
    }

    private synchronized Properties reload() {
        if (file == null) {
            return current;
        }
        long now = System.nanoTime();
        if (now < nextCheck) {
            return current;
        }
        nextCheck = now + RELOAD_NANOS;
        try {
            long modified = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (modified != lastModified) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                current = p;
                lastModified = modified;
            }
        } catch (NoSuchFileException e) {
            current = new Properties();
            lastModified = -1;
        } catch (IOException e) {
            // a half-written file: keep the previous plan, read again next time
        }
        return current;
    }

    /** Writes a control file atomically (the suite's side). */
    static void write(Path file, Properties plan) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                plan.store(out, "chaos engine faults");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What "an Error in a model call" looks like: not a RuntimeException, not an OutOfMemoryError. */
    public static final class InjectedError extends Error {
        InjectedError() {
            super("chaos: injected Error in a model call");
        }
    }
}

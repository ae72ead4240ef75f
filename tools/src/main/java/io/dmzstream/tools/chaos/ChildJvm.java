package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Java process the suite started, with its output appended to a log file. SIGKILL, SIGSTOP and
 * SIGCONT go to exactly this process id. Every child is also registered with a JVM shutdown hook,
 * so none outlives the suite, even when the suite itself is interrupted (the machine is shared).
 */
final class ChildJvm implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "dmz-chaos-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java jvmOptions -cp <this JVM's class path> mainClass args}. The children
     * share the suite's class path: the tools jar (whose manifest names lib/) or a test class path.
     */
    static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // the suite defines every setting of its children: none may come from the caller's DMZ_ variables
            builder.environment().keySet().removeIf(k -> k.startsWith("DMZ_"));
            Process process = builder.start();
            LIVE.add(process);
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The class path children run with: surefire's test class path in tests, else this JVM's. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last commit. Returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        await(Long.MAX_VALUE);
        LIVE.remove(process);
    }

    /** SIGTERM (graceful shutdown); SIGKILL if it has not exited within {@code graceMs}. */
    void terminate(long graceMs) {
        process.destroy();
        if (!await(graceMs)) {
            process.destroyForcibly();
            await(Long.MAX_VALUE);
        }
        LIVE.remove(process);
    }

    void pause() {
        signal("STOP");
    }

    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits up to {@code ms} for the process to end by itself: its exit status, or empty while it runs. */
    java.util.OptionalInt waitFor(long ms) {
        return await(ms) ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    private boolean await(long ms) {
        try {
            return process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of its log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A paused process cannot die of SIGTERM: always resumed first, then killed. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                resume();
            } catch (RuntimeException ignored) {
                // gone meanwhile
            }
            kill();
        }
        LIVE.remove(process);
    }
}

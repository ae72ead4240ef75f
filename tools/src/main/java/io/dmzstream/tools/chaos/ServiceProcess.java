package io.dmzstream.tools.chaos;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One service instance of a deployment as a separate JVM ({@link ChaosInstance}) with its own
 * configuration file, state folder and HTTP port, which survive restarts (unless the state is
 * wiped). The instance is never left running: {@link #close()} kills it.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path dir;
    private final Path configFile;
    private final Path faultsFile;
    private final Path stateDir;
    private final int httpPort;
    private final List<String> jvmOptions;
    private ChildJvm jvm;
    private int starts;

    ServiceProcess(String name, Path dir, Map<String, String> config, Path faultsFile, List<String> jvmOptions) {
        this.name = name;
        this.dir = dir;
        this.faultsFile = faultsFile;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.stateDir = dir.resolve(name + "-state");
        this.httpPort = FreePorts.next();
        this.configFile = dir.resolve(name + ".properties");
        Map<String, String> own = new LinkedHashMap<>(config);
        own.put(DmzStreamConfig.STATE_DIR, stateDir.toString());
        own.put(DmzStreamConfig.HTTP_PORT, String.valueOf(httpPort));
        try {
            Files.createDirectories(dir);
            Files.writeString(configFile, own.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "# written by the chaos suite\n", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    int httpPort() {
        return httpPort;
    }

    int starts() {
        return starts;
    }

    boolean running() {
        return jvm != null && jvm.alive();
    }

    /** Starts the JVM (the previous one must be gone); does not wait for readiness. */
    void start() {
        if (running()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        jvm = ChildJvm.start(name, jvmOptions, ChaosInstance.class.getName(),
                List.of(configFile.toString(), faultsFile.toString()), dir.resolve(name + ".log"));
    }

    /** Waits until /health/ready answers 200; fails early, with the log's tail, if the JVM exits. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (health("/health/ready") != 200) {
            if (!running()) {
                throw new IllegalStateException(name + " exited before it was ready:\n" + jvm.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s:\n"
                        + jvm.logTail(40));
            }
            Thread.sleep(200);
        }
    }

    /** The HTTP status of a health path, or -1 when it does not answer within 2 s. */
    int health(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL. */
    void kill() {
        jvm.kill();
    }

    /** SIGTERM, SIGKILL after {@code graceMs}. */
    void terminate(long graceMs) {
        if (running()) {
            jvm.terminate(graceMs);
        }
    }

    void pause() {
        jvm.pause();
    }

    void resume() {
        jvm.resume();
    }

    /** Deletes the state folder (only while stopped): the next start restores from the changelogs. */
    void wipeState() {
        if (running()) {
            throw new IllegalStateException("wipe the state of a stopped instance only");
        }
        if (!Files.exists(stateDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail(int lines) {
        return jvm == null ? "(never started)" : jvm.logTail(lines);
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}

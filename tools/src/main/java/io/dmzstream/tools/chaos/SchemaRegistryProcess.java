package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The schema registry of the registry scenario: one given by URL (left running), or the project's
 * test registry (Apicurio, in-memory) started with {@code ops/registry/start-registry.sh} into the
 * work folder and stopped with {@code stop-registry.sh} on close.
 */
final class SchemaRegistryProcess implements AutoCloseable {
    private final URI url;
    private final Path stopScript;
    private final Path stateDir;

    private SchemaRegistryProcess(URI url, Path stopScript, Path stateDir) {
        this.url = url;
        this.stopScript = stopScript;
        this.stateDir = stateDir;
    }

    static SchemaRegistryProcess external(String url) {
        return new SchemaRegistryProcess(URI.create(url), null, null);
    }

    /**
     * Runs the start script (which builds the registry when it is missing, unless {@code mayBuild}
     * is false: then a missing runner jar is an error) and reads the URL it prints.
     */
    static SchemaRegistryProcess start(Path opsRegistry, Path stateDir, boolean mayBuild) {
        Path jar = opsRegistry.resolve("target/dmz-test-registry-0.1.0-SNAPSHOT-runner.jar");
        if (!mayBuild && !Files.isRegularFile(jar)) {
            throw new IllegalStateException("the test registry is not built (" + jar + "); build it with "
                    + "ops/registry/start-registry.sh or pass a registry URL");
        }
        try {
            Files.createDirectories(stateDir);
            Path out = stateDir.resolve("start.out");
            Process p = new ProcessBuilder("bash", opsRegistry.resolve("start-registry.sh").toString(), stateDir.toString())
                    .redirectOutput(out.toFile()).redirectError(stateDir.resolve("start.err").toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("start-registry.sh failed: "
                        + Files.readString(stateDir.resolve("start.err"), StandardCharsets.UTF_8));
            }
            String url = Files.readString(out, StandardCharsets.UTF_8).trim();
            return new SchemaRegistryProcess(URI.create(url), opsRegistry.resolve("stop-registry.sh"), stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Confluent-compatible base URL, e.g. http://127.0.0.1:40153/apis/ccompat/v7. */
    URI url() {
        return url;
    }

    /** The same URL through a proxy on {@code port} of the loopback interface. */
    String via(int port) {
        return "http://127.0.0.1:" + port + url.getRawPath();
    }

    @Override
    public void close() {
        if (stopScript == null) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", stopScript.toString(), stateDir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

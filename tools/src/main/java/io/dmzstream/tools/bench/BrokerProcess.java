package io.dmzstream.tools.bench;

import io.dmzstream.embedded.EmbeddedKafka;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in a process of its own, started from the jars this JVM runs on
 * ({@code kafka.tools.StorageTool format --standalone}, then {@code kafka.Kafka}), with the
 * settings of the in-process broker and logging at WARN. The benchmark measures the service's CPU
 * apart from the broker's this way. Its log goes to {@code broker.log} in its temporary folder,
 * deleted on close.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Path dir;
    private final Process process;
    private final String bootstrapServers;

    private BrokerProcess(Path dir, Process process, String bootstrapServers) {
        this.dir = dir;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a fresh log folder, starts the broker and waits until it answers. */
    public static BrokerProcess start(Duration timeout) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dmz-bench-broker-");
            int brokerPort = EmbeddedKafka.freePort();
            int controllerPort = EmbeddedKafka.freePort();
            Map<String, String> settings = new TreeMap<>(EmbeddedKafka.settings(dir.resolve("log").toString(),
                    brokerPort, controllerPort));
            // --standalone formats a dynamic quorum: the controller is found through bootstrap servers
            settings.remove("controller.quorum.voters");
            settings.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
            Path properties = dir.resolve("server.properties");
            Properties p = new Properties();
            p.putAll(settings);
            try (var out = Files.newBufferedWriter(properties)) {
                p.store(out, "DMZ Stream benchmark broker");
            }
            Files.writeString(dir.resolve("logback.xml"), LOGBACK);
            Path log = dir.resolve("broker.log");

            Process format = java(dir, log, List.of(), "kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone");
            if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the broker's log folder failed:\n" + tail(log));
            }
            Process broker = java(dir, log, List.of("-Xms256m", "-Xmx1g"), "kafka.Kafka", properties.toString());
            BrokerProcess b = new BrokerProcess(dir, broker, "127.0.0.1:" + brokerPort);
            b.awaitReady(timeout);
            return b;
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start the benchmark's broker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(dir);
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    /** A JVM on this JVM's class path; appends its output to {@code log}. */
    private static Process java(Path dir, Path log, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** This JVM's class path with absolute entries (a jar's manifest Class-Path still applies). */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, CpuGroup.LOAD_PREFIX + "-admin"))) {
            while (true) {
                if (!process.isAlive()) {
                    String log = tail(dir.resolve("broker.log"));
                    close();
                    throw new IllegalStateException("the broker process exited with " + process.exitValue() + ":\n" + log);
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    String log = tail(dir.resolve("broker.log"));
                    close();
                    throw new IllegalStateException("the broker did not answer within " + timeout + ":\n" + log);
                }
                Thread.sleep(200);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU the broker process has used so far (ns). */
    public long cpuNanos() {
        return ThreadCpu.processNanos(process.pid());
    }

    /** SIGTERM (a controlled shutdown), then SIGKILL after 20 s; deletes the folder. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteQuietly(dir);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Deletes a folder tree, leaving what cannot be deleted (temporary folders). */
    static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder; the OS cleans up eventually
        }
    }
}

package io.dmzstream.topology.integration;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service instance in its own JVM, so a test can kill it with SIGKILL: no close(), no last
 * commit, an open transaction left behind. Arguments: bootstrap servers, test name, state dir,
 * model call delay in ms, then any {@code key=value} config overrides. Prints RUNNING once its tasks run.
 */
public final class CrashableInstance {
    private CrashableInstance() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String name = args[1];
        Path stateDir = Path.of(args[2]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[3]));
        Map<String, Object> props = TestConfigs.props(name, stateDir);
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        DmzStreamService service = DmzStreamService.start(new DmzStreamConfig(props),
                bootstrap, TestModels.standIns(delay));
        service.awaitRunning(Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Starts an instance in a new JVM and returns once it runs (its output is drained meanwhile).
     *
     * @param overrides {@code key=value} config overrides
     */
    static Process launch(String name, Path stateDir, long delayMs, String... overrides) throws Exception {
        Files.createDirectories(stateDir);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath,
                CrashableInstance.class.getName(), SharedKafka.get().bootstrapServers(), name, stateDir.toString(),
                String.valueOf(delayMs)));
        command.addAll(List.of(overrides));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 90_000;
        String line;
        StringBuilder log = new StringBuilder();
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.contains("RUNNING")) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("victim did not start");
            }
        }
        if (line == null) {
            throw new AssertionError("victim exited before running, code " + p.waitFor() + ":\n" + log);
        }
        // keep draining its output so it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // process gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }
}

package io.dmzstream.topology.integration;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service instance in its own JVM, so a test can kill it with SIGKILL: no close(), no last
 * commit, an open transaction left behind. Arguments: bootstrap servers, test name, state dir,
 * model call delay in ms. Prints RUNNING once its tasks run.
 */
public final class CrashableInstance {
    private CrashableInstance() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String name = args[1];
        Path stateDir = Path.of(args[2]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[3]));
        DmzStreamService service = DmzStreamService.start(TestConfigs.config(name, stateDir), bootstrap,
                TestModels.standIns(delay));
        service.awaitRunning(Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

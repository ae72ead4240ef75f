package io.dmzstream.topology.run;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code run} command in a process of its own, on stand-in models whose every call takes a
 * while (so requests are in flight when it is stopped). Args: bootstrap servers, test name, state
 * dir, model call delay in ms.
 */
public final class RunningInstance {
    private RunningInstance() {
    }

    public static void main(String[] args) throws Exception {
        var config = TestConfigs.config(args[1], Path.of(args[2]))
                .with(Map.of(DmzStreamConfig.BOOTSTRAP_SERVERS, args[0]));
        System.exit(RunCommand.runUntilStopped(config, TestModels.standIns(Duration.ofMillis(Long.parseLong(args[3])))));
    }
}

package io.dmzstream.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineFaultsTest {
    @TempDir
    Path tmp;

    private static Properties plan(String fault, String token, long until) {
        Properties p = new Properties();
        p.setProperty("fault", fault);
        p.setProperty("token", token);
        p.setProperty("until", String.valueOf(until));
        return p;
    }

    @Test
    void anErrorIsThrownOncePerToken() throws Exception {
        Path file = tmp.resolve("faults");
        EngineFaults faults = new EngineFaults(file);
        assertDoesNotThrow(faults::beforeCall, "no file, no fault");
        EngineFaults.write(file, plan("error", "t1", 0));
        Thread.sleep(60); // past the reload interval
        assertThrows(EngineFaults.InjectedError.class, faults::beforeCall);
        assertDoesNotThrow(faults::beforeCall, "once per token");
        EngineFaults.write(file, plan("error", "t2", 0));
        Thread.sleep(60);
        assertThrows(EngineFaults.InjectedError.class, faults::beforeCall);
    }

    @Test
    void everyCallFailsUntilTheDeadline() throws Exception {
        Path file = tmp.resolve("faults");
        EngineFaults faults = new EngineFaults(file);
        EngineFaults.write(file, plan("fail", "x", System.currentTimeMillis() + 60_000));
        assertThrows(IllegalStateException.class, faults::beforeCall);
        assertThrows(IllegalStateException.class, faults::beforeCall);
        EngineFaults.write(file, plan("fail", "x", System.currentTimeMillis() - 1));
        Thread.sleep(60);
        assertDoesNotThrow(faults::beforeCall);
    }
}

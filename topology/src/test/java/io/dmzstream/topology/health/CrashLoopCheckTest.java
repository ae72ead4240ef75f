package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class CrashLoopCheckTest {
    private final AtomicLong now = new AtomicLong();
    private final CrashLoopCheck check = new CrashLoopCheck(Duration.ofMinutes(5), 3, now::get);

    @Test
    void threeReplacementsWithinTheWindowAreACrashLoopNamingTheTaskAndCause() {
        StreamsException died = new StreamsException(new NullPointerException("record.value() is null"), new TaskId(0, 2));
        check.threadReplaced(died);
        now.addAndGet(Duration.ofSeconds(45).toNanos());
        check.threadReplaced(died);
        assertTrue(check.check().up(), "two replacements are not a loop yet");
        now.addAndGet(Duration.ofSeconds(45).toNanos());
        check.threadReplaced(died);
        HealthStatus status = check.check();
        assertFalse(status.up());
        assertTrue(status.reason().contains("replaced 3 times"), status.reason());
        assertTrue(status.reason().contains("task 0_2"), status.reason());
        assertTrue(status.reason().contains("NullPointerException: record.value() is null"), status.reason());
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 3; i++) {
            check.threadReplaced(new IllegalStateException("transient"));
            now.addAndGet(Duration.ofMinutes(2).toNanos());
        }
        // the first is now 6 minutes old
        assertEquals(2, check.recentReplacements());
        assertTrue(check.check().up());
    }
}

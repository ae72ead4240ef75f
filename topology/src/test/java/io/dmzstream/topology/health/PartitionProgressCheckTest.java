package io.dmzstream.topology.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressCheckTest {
    private static final TopicPartition P0 = new TopicPartition("dmz.images", 0);
    private static final TopicPartition P1 = new TopicPartition("dmz.images", 1);

    private final AtomicLong now = new AtomicLong();
    private final List<PartitionProgressCheck.Offsets> offsets = new ArrayList<>();
    private final PartitionProgressCheck check = new PartitionProgressCheck(() -> List.copyOf(offsets),
            Duration.ofSeconds(60), now::get);

    private void advance(int seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    private void offsets(long c0, long f0, long c1, long f1) {
        offsets.clear();
        offsets.add(new PartitionProgressCheck.Offsets(P0, c0, f0));
        offsets.add(new PartitionProgressCheck.Offsets(P1, c1, f1));
    }

    @Test
    void aPartitionWithRecordsWaitingAndNoCommittedProgressForTheTimeoutIsStalled() {
        offsets(10, 19, 5, 4);
        assertTrue(check.check().up());
        advance(30);
        offsets(10, 25, 5, 4); // more fetched, nothing committed
        assertTrue(check.check().up());
        advance(31);
        HealthStatus status = check.check();
        assertFalse(status.up());
        assertTrue(status.reason().contains("dmz.images-0"), status.reason());
        assertTrue(status.reason().contains("committed offset 10"), status.reason());
        assertFalse(status.reason().contains("dmz.images-1"), "partition 1 has nothing waiting: " + status.reason());
        assertEquals(1, check.stalledCount());

        offsets(11, 25, 5, 4); // it moved
        assertTrue(check.check().up());
        assertEquals(0, check.stalledCount());
    }

    @Test
    void anIdlePartitionIsNotStalledAndTheClockStartsWhenRecordsArrive() {
        offsets(10, 9, 5, 4); // both caught up
        advance(600);
        assertTrue(check.check().up());
        offsets(10, 12, 5, 4); // records arrive after a long idle time
        assertTrue(check.check().up(), "no progress expected yet: they just arrived");
        advance(61);
        assertFalse(check.check().up());
    }

    @Test
    void aNewOwnerThatHasNotCommittedYetKeepsTheOffsetSeenAndAPartitionThatMovedAwayIsForgotten() {
        offsets(10, 19, 5, 9);
        check.sample();
        advance(30);
        offsets(-1, 19, 5, 9); // a replaced thread's task has not committed yet: not progress
        check.sample();
        advance(31);
        List<PartitionProgressCheck.Stalled> stalled = check.sample();
        assertEquals(List.of(P0, P1), stalled.stream().map(PartitionProgressCheck.Stalled::partition).sorted(
                java.util.Comparator.comparing(TopicPartition::partition)).toList());
        offsets.clear();
        offsets.add(new PartitionProgressCheck.Offsets(P1, 5, 9));
        assertEquals(List.of(P1), check.sample().stream().map(PartitionProgressCheck.Stalled::partition).toList());
        offsets.add(new PartitionProgressCheck.Offsets(P0, 10, 19));
        assertEquals(List.of(P1), check.sample().stream().map(PartitionProgressCheck.Stalled::partition).toList(),
                "P0 came back: its clock starts again");
    }
}

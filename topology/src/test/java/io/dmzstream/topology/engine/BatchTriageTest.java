package io.dmzstream.topology.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchTriageTest {
    private final List<Integer> served = new ArrayList<>();
    private final List<Integer> poisoned = new ArrayList<>();
    private int calls;

    /** A call that fails when any of its rows is negative, else serves them all. */
    private void call(List<Integer> rows) {
        calls++;
        if (rows.stream().anyMatch(r -> r < 0)) {
            throw new IllegalArgumentException("negative row");
        }
        served.addAll(rows);
    }

    @Test
    void rowsThatFailAloneWhileTheDeviceWorksArePoisonAndTheirBatchMatesAreServed() {
        List<Integer> batch = IntStream.range(0, 16).map(i -> i == 5 || i == 11 ? -i : i).boxed().toList();
        Optional<RuntimeException> fault = BatchTriage.run(batch, this::call, () -> { }, (row, e) -> poisoned.add(row));
        assertTrue(fault.isEmpty());
        assertEquals(List.of(-5, -11), poisoned);
        assertEquals(14, served.size());
        assertTrue(calls < 16, "bisection, not one call per row: " + calls);
    }

    @Test
    void aLonePoisonRowIsPoisonWhenTheProbeWorks() {
        Optional<RuntimeException> fault = BatchTriage.run(List.of(-1), this::call, () -> { }, (row, e) -> poisoned.add(row));
        assertTrue(fault.isEmpty());
        assertEquals(List.of(-1), poisoned);
    }

    @Test
    void whenTheProbeFailsTooTheDeviceIsAtFaultAndNoRowIsBlamed() {
        List<Integer> batch = List.of(1, -2, 3);
        Optional<RuntimeException> fault = BatchTriage.run(batch, this::call,
                () -> { throw new IllegalStateException("device lost"); }, (row, e) -> poisoned.add(row));
        assertEquals("device lost", fault.orElseThrow().getMessage());
        assertTrue(poisoned.isEmpty());
        assertTrue(served.isEmpty());
        assertEquals(1, calls, "one failed batch call, then only the probe");
    }
}

package io.dmzstream.topology.deadletter;

import io.dmzstream.topology.fault.RecordPosition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input positions whose dead letter the dead-letter topic refused (too large). Under exactly-once
 * such a refusal aborts the whole transaction, so the stub sent in its place is lost with it; the
 * record is processed again after the retry, and then this set makes its dead letter a stub at
 * once. Thread-safe, bounded (oldest forgotten first), as long-lived as the instance.
 */
public final class RefusedLetters {
    static final int MAX_POSITIONS = 10_000;

    private final Map<RecordPosition, Boolean> positions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordPosition, Boolean> eldest) {
            return size() > MAX_POSITIONS;
        }
    };

    public synchronized void add(RecordPosition position) {
        if (position != null) {
            positions.put(position, Boolean.TRUE);
        }
    }

    public synchronized boolean contains(RecordPosition position) {
        return position != null && positions.containsKey(position);
    }
}

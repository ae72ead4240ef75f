package io.dmzstream.tools.chaos;

import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the dead-letter topic: its key and what its headers say about the input (KIP-1034
 * coordinates; our stage and reason). Coordinates are -1 when a header is missing.
 */
record DeadLetter(String key, String stage, String reason, int partition, long offset, long arrivedAt) {
    static DeadLetter of(ConsumerRecord<byte[], byte[]> r, long arrivedAt) {
        var h = r.headers();
        return new DeadLetter(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8),
                orNone(DeadLetterHeaders.get(h, DeadLetterHeaders.STAGE)),
                orNone(DeadLetterHeaders.get(h, DeadLetterHeaders.REASON)),
                parseInt(DeadLetterHeaders.get(h, DeadLetterHeaders.PARTITION)),
                parseLong(DeadLetterHeaders.get(h, DeadLetterHeaders.OFFSET)), arrivedAt);
    }

    /** Whether this dead letter is the one of {@code input}: by its coordinates, else by key. */
    boolean of(Input input) {
        if (offset >= 0 && partition >= 0) {
            return partition == input.partition() && offset == input.offset();
        }
        return key.equals(input.key());
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.dmzstream.topology.engine;

import java.nio.charset.StandardCharsets;

/**
 * Decode noise seeds. A request's seed is the event's own seed when it has one, else a hash of
 * where the event sits in Kafka, so that re-processing after a crash or a replay of the topic
 * decodes exactly the same noise and produces byte-identical outputs.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long of(Long eventSeed, String topic, int partition, long offset) {
        return eventSeed != null ? eventSeed : fromPosition(topic, partition, offset);
    }

    /** A well-mixed 64-bit hash of (topic, partition, offset): FNV-1a over the bytes, then a SplitMix64 finaliser. */
    public static long fromPosition(String topic, int partition, long offset) {
        long h = 0xcbf29ce484222325L;
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ partition) * 0x100000001b3L;
        h = (h ^ offset) * 0x100000001b3L;
        return mix(h);
    }

    /** A seed from a string (a command's id, when the command sets no seed): FNV-1a over its UTF-8, then the finaliser. */
    public static long fromString(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** Seed {@code index} of the stream a base seed starts: SplitMix64's step, so neighbouring indices are unrelated. */
    public static long indexed(long base, int index) {
        return mix(base + (index + 1L) * 0x9E3779B97F4A7C15L);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

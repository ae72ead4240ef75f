package io.dmzstream.topology.testing;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Service configurations for broker tests: own application id and topics per test, fast timeouts. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static Map<String, Object> props(String name, Path stateDir) {
        Map<String, Object> p = new HashMap<>();
        p.put(DmzStreamConfig.APPLICATION_ID, "it-" + name);
        p.put(DmzStreamConfig.STATE_DIR, stateDir.toString());
        p.put(DmzStreamConfig.TOPIC_IMAGES, name + ".images");
        p.put(DmzStreamConfig.TOPIC_LATENTS, name + ".latents");
        p.put(DmzStreamConfig.TOPIC_LABELS, name + ".labels");
        p.put(DmzStreamConfig.TOPIC_RECONSTRUCTIONS, name + ".reconstructions");
        p.put(DmzStreamConfig.TOPIC_TRANSFERS, name + ".transfers");
        p.put(DmzStreamConfig.TOPIC_DLQ, name + ".dlq");
        p.put(DmzStreamConfig.TOPIC_COMMANDS, name + ".commands");
        p.put(DmzStreamConfig.TOPIC_SAMPLES, name + ".samples");
        p.put(DmzStreamConfig.TOPIC_PARTITIONS, 4);
        p.put(DmzStreamConfig.TOPICS_CREATE, true);
        p.put(DmzStreamConfig.STREAM_THREADS, 2);
        p.put(DmzStreamConfig.IMAGE_MAX_BYTES, PoisonPills.MAX_IMAGE_BYTES);
        p.put(DmzStreamConfig.DECODE_STEPS_MAX, 50);
        p.put(DmzStreamConfig.BATCH_MAX_DELAY_MS, 2L);
        // several instances share a test JVM: each serves its endpoints on a free port
        p.put(DmzStreamConfig.HTTP_PORT, 0);
        // a dead instance must be noticed, and its open transaction aborted, within seconds
        p.put("streams.consumer.session.timeout.ms", "3000");
        p.put("streams.consumer.heartbeat.interval.ms", "500");
        p.put("streams.producer.transaction.timeout.ms", "5000");
        p.put("streams.statestore.cache.max.bytes", "0");
        // a replaced stream thread retries within a second, not the production back-off
        p.put(DmzStreamConfig.THREAD_REPLACE_BACKOFF_MS, 100L);
        p.put(DmzStreamConfig.THREAD_REPLACE_BACKOFF_MAX_MS, 1000L);
        return p;
    }

    public static DmzStreamConfig config(String name, Path stateDir) {
        return new DmzStreamConfig(props(name, stateDir));
    }
}

package io.dmzstream.topology.testing;

import io.dmzstream.embedded.EmbeddedKafka;

/** One embedded broker per test JVM (first start costs seconds): started on first use, closed at exit. */
public final class SharedKafka {
    private static EmbeddedKafka kafka;

    private SharedKafka() {
    }

    public static synchronized EmbeddedKafka get() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            EmbeddedKafka started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
        }
        return kafka;
    }
}

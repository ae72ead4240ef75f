package io.dmzstream.topology.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dmzstream.topology.engine.EngineClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {
    private final List<Long> slept = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ThreadReplacement handler = new ThreadReplacement(
            new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000)), slept::add, now::get);

    @Test
    void aDeadThreadIsReplacedAfterABackoffThatDoublesUpToItsMaximum() {
        for (int i = 0; i < 6; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(new StreamsException(
                    new KafkaException("x"))));
            now.addAndGet(50);
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), slept);
    }

    @Test
    void aQuietSpellStartsTheBackoffAgain() {
        handler.handle(new KafkaException("x"));
        handler.handle(new KafkaException("x"));
        now.addAndGet(10_000);
        handler.handle(new StreamsException(new EngineClosedException()));
        assertEquals(List.of(100L, 200L, 100L), slept);
    }

    @Test
    void failuresNoRetryCanFixStopTheInstance() {
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                handler.handle(new StreamsException(new SaslAuthenticationException("bad password"))));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, handler.handle(new MissingSourceTopicException("gone")));
        assertEquals(List.of(), slept);
    }

    @Test
    void closingTheServiceEndsTheBackoffAtOnce() throws Exception {
        ThreadReplacement real = new ThreadReplacement(new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)));
        java.util.concurrent.CompletableFuture<StreamThreadExceptionResponse> response =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> real.handle(new KafkaException("x")));
        real.wake();
        // a ten-minute back-off that did not end would fail here
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, response.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }
}

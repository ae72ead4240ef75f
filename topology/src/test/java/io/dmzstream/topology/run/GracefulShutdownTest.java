package io.dmzstream.topology.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {
    @Test
    void closesEachResourceOnceInOrderEvenIfOneFails() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AutoCloseable service = () -> {
            firstStarted.countDown();
            release.await();
            closed.add("service");
        };
        AutoCloseable failing = () -> {
            closed.add("failing");
            throw new IllegalStateException("boom");
        };
        AutoCloseable broker = () -> closed.add("broker");
        GracefulShutdown shutdown = new GracefulShutdown(List.of(service, failing, broker));

        Thread hook = new Thread(shutdown, "hook");
        hook.start();
        firstStarted.await();
        // the command's own exit arrives while the hook is mid-way: it must wait, not return early
        Thread main = new Thread(shutdown, "main");
        main.start();
        Thread.sleep(100);
        assertTrue(main.isAlive(), "a second caller waits for the running shutdown");
        release.countDown();
        hook.join(5_000);
        main.join(5_000);
        assertEquals(List.of("service", "failing", "broker"), closed);
        assertTrue(shutdown.done());
        shutdown.run();
        assertEquals(3, closed.size());
    }
}

package io.dmzstream.topology.engine;

import static io.dmzstream.topology.engine.InferenceEngineTest.image;
import static io.dmzstream.topology.engine.InferenceEngineTest.request;
import static io.dmzstream.topology.engine.InferenceEngineTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.testing.FaultyDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Faults of the device rather than of a request: none of them may fail a request for good (that
 * would dead-letter good input); the engine keeps the requests and serves them once the device
 * answers again.
 */
class DeviceFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final FaultyDevice device = new FaultyDevice();

    @Test
    void anErrorInAModelCallFailsNoRequestAndTheWorkerKeepsServing() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), device.source(Duration.ZERO))) {
            device.throwErrorOnce();
            var first = engine.submit(request(1, EnumSet.of(Product.LATENT, Product.RECONSTRUCTION), 3));
            assertNotNull(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).reconstruction());
            assertEquals(1, device.faultedCalls.get());
            var second = engine.submit(request(2, EnumSet.of(Product.LABEL), 0));
            assertNotNull(second.get(WAIT.toSeconds(), TimeUnit.SECONDS).classProbabilities());
            assertEquals(0, engine.stats().failed());
        }
    }

    @Test
    void aDeviceWideFaultKeepsEveryRequestAndServesThemWhenTheDeviceRecovers() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), device.source(Duration.ofMillis(2)))) {
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(engine.submit(request(i, EnumSet.of(Product.LATENT, Product.LABEL, Product.RECONSTRUCTION), 20)));
            }
            futures.add(engine.submit(request(99, EnumSet.of(Product.TRANSFER), 5)));
            // the outage starts while trajectories are being decoded
            await(() -> device.healthyCalls.get() >= 5, "some model calls before the outage");
            device.failEveryCall();
            await(() -> device.faultedCalls.get() >= 3, "the engine keeps trying the device");
            assertTrue(futures.stream().noneMatch(CompletableFuture::isCompletedExceptionally),
                    "no request may fail while the device is down");
            DeviceStatus down = engine.deviceStatus().get(0);
            assertFalse(down.serving());
            assertTrue(down.recoverable(), "an open circuit closes by itself");
            assertTrue(down.reason().contains("blank probe"), down.reason());
            device.recover();
            for (CompletableFuture<InferenceResult> f : futures) {
                InferenceResult r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(r.reconstruction() != null || r.transfer() != null);
            }
            assertEquals(0, engine.stats().failed());
            assertTrue(engine.stats().retried() >= 1);
            await(() -> engine.deviceStatus().get(0).serving(), "the circuit closes once a call works");
        }
    }

    @Test
    void aHungCallIsGivenUpOnTheWorkerReportsStuckAndItsRequestsRunOnceTheDeviceAnswers() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().callTimeout(Duration.ofMillis(300)).build(),
                device.source(Duration.ZERO))) {
            device.hangEveryCall();
            var hung = engine.submit(request(1, EnumSet.of(Product.LATENT, Product.RECONSTRUCTION), 3));
            await(() -> engine.deviceStatus().get(0).stuck(), "the watchdog reports the worker stuck");
            DeviceStatus stuck = engine.deviceStatus().get(0);
            assertFalse(stuck.recoverable());
            assertTrue(stuck.reason().contains("stuck"), stuck.reason());
            assertFalse(hung.isDone(), "a hung call fails nothing for good");
            assertEquals(1, device.hanging.get());
            device.recover();
            assertNotNull(hung.get(WAIT.toSeconds(), TimeUnit.SECONDS).reconstruction());
            await(() -> engine.deviceStatus().get(0).serving(), "the worker serves again");
            assertTrue(engine.stats().retried() >= 1);
            assertEquals(0, engine.stats().failed());
        }
    }

    @Test
    void anIdleDeviceIsProbedSoItsCircuitClosesWithoutNewTraffic() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().circuitBackoff(Duration.ofMillis(50)).build(),
                device.source(Duration.ZERO))) {
            device.failEveryCall();
            var waiting = engine.submit(request(1, EnumSet.of(Product.LATENT), 0));
            await(() -> engine.deviceStatus().get(0).circuit() != CircuitBreaker.State.CLOSED, "the circuit opens");
            waiting.cancel(false); // e.g. its task moved to another instance: nothing left to retry
            device.recover();
            await(() -> engine.deviceStatus().get(0).serving(), "the circuit closes once a probe works");
        }
    }

    @Test
    void aPoisonRequestAloneInItsBatchIsStillPoisonWhileTheDeviceWorks() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(settings().build(), device.source(Duration.ZERO))) {
            float[] poison = image(3);
            poison[0] = 1f;
            poison[1] = -1f;
            poison[2] = 1f;
            var bad = engine.submit(new InferenceRequest("edges", poison, EnumSet.of(Product.LATENT), 0, null, 1));
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(InferenceException.class, e.getCause());
            assertNotNull(engine.submit(request(1, EnumSet.of(Product.LATENT), 0)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertFalse(bad.isCancelled());
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}

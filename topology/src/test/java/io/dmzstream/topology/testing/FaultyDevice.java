package io.dmzstream.topology.testing;

import io.dmzstream.model.serving.Codes;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.TransferBridge;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device that can be made to misbehave: every model call of the stand-ins it wraps (encode,
 * classify, denoise, bridge) first asks it. Faults a device really has: every call failing for a
 * while (driver reset, lost GPU), one {@link Error} (out of memory), a call that never returns.
 */
public final class FaultyDevice {
    private enum Mode { HEALTHY, FAILING, ERROR_ONCE, HANGING }

    private final Object lock = new Object();
    private Mode mode = Mode.HEALTHY;
    /** Calls that hit a fault (failed, threw the error, or hung). */
    public final AtomicInteger faultedCalls = new AtomicInteger();
    /** Calls that ran on the healthy device. */
    public final AtomicInteger healthyCalls = new AtomicInteger();
    /** Calls hanging right now. */
    public final AtomicInteger hanging = new AtomicInteger();

    /** Every call throws until {@link #recover()}. */
    public void failEveryCall() {
        set(Mode.FAILING);
    }

    /** The next call throws an {@link Error}; later calls run normally. */
    public void throwErrorOnce() {
        set(Mode.ERROR_ONCE);
    }

    /** Every call blocks until {@link #recover()}. */
    public void hangEveryCall() {
        set(Mode.HANGING);
    }

    public void recover() {
        set(Mode.HEALTHY);
    }

    private void set(Mode m) {
        synchronized (lock) {
            mode = m;
            lock.notifyAll();
        }
    }

    void beforeCall() {
        synchronized (lock) {
            switch (mode) {
                case FAILING -> {
                    faultedCalls.incrementAndGet();
                    throw new IllegalStateException("simulated device failure (every call fails)");
                }
                case ERROR_ONCE -> {
                    faultedCalls.incrementAndGet();
                    mode = Mode.HEALTHY;
                    throw new AssertionError("simulated device error (an Error, not an exception)");
                }
                case HANGING -> {
                    faultedCalls.incrementAndGet();
                    hanging.incrementAndGet();
                    try {
                        while (mode == Mode.HANGING) {
                            lock.wait();
                        }
                    } catch (InterruptedException e) {
                        // a real hung native call ignores interrupts too: keep hanging
                        Thread.currentThread().interrupt();
                        while (mode == Mode.HANGING) {
                            try {
                                lock.wait(10);
                            } catch (InterruptedException again) {
                                // still hanging
                            }
                        }
                    } finally {
                        hanging.decrementAndGet();
                    }
                }
                case HEALTHY -> healthyCalls.incrementAndGet();
            }
        }
    }

    /** Stand-ins for mnist, fashion, edges and the edges->fashion bridge, all behind this device. */
    public ModelSource source(Duration callDelay) {
        ModelCatalog plain = TestModels.catalog(callDelay);
        Map<String, DmzModel> models = new LinkedHashMap<>();
        plain.models().forEach((domain, model) -> models.put(domain, new Model(model)));
        TransferBridge bridge = plain.bridge("edges", "fashion").orElseThrow();
        TransferBridge faulty = new TransferBridge() {
            @Override
            public String name() {
                return bridge.name();
            }

            @Override
            public float[][] translate(float[][] p) {
                beforeCall();
                return bridge.translate(p);
            }
        };
        ModelCatalog catalog = ModelCatalog.of(models, Map.of(ModelCatalog.bridgeKey("edges", "fashion"), faulty));
        return device -> catalog;
    }

    private final class Model implements DmzModel {
        private final DmzModel delegate;

        Model(DmzModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelInfo info() {
            return delegate.info();
        }

        @Override
        public Codes encode(float[][] images) {
            beforeCall();
            return delegate.encode(images);
        }

        @Override
        public float[][] classify(float[][] probabilities) {
            beforeCall();
            return delegate.classify(probabilities);
        }

        @Override
        public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
            beforeCall();
            return delegate.denoise(x, timesteps, codes);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

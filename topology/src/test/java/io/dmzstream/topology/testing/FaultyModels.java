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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;

/**
 * The stand-in models of {@link TestModels} plus ways to make processing fail on demand, for the
 * tests that every record still gets an outcome:
 * <ul>
 *   <li>a transfer towards {@link #THROWS_UNEXPECTED} makes the bridge lookup throw an
 *       IllegalStateException (a bug inside processing), towards {@link #THROWS_KAFKA} a
 *       KafkaException, towards {@link #THROWS_ERROR} a StackOverflowError;</li>
 *   <li>domain {@link #BROKEN_LABELS} encodes fine but its label head returns no classes, so building
 *       the LabelEvent fails after inference (while results are forwarded);</li>
 *   <li>{@link #gated} holds every encode call until the test opens the gate.</li>
 * </ul>
 */
public final class FaultyModels {
    public static final String THROWS_UNEXPECTED = "explode";
    public static final String THROWS_KAFKA = "kafka-explode";
    public static final String THROWS_ERROR = "error-explode";
    public static final String BROKEN_LABELS = "broken";

    private FaultyModels() {
    }

    public static ModelSource source() {
        ModelCatalog catalog = catalog(TestModels.catalog(Duration.ZERO), null);
        return device -> catalog;
    }

    /** Stand-ins whose encode calls wait until {@code gate} opens. */
    public static ModelSource gated(CountDownLatch gate) {
        ModelCatalog catalog = catalog(TestModels.catalog(Duration.ZERO), gate);
        return device -> catalog;
    }

    /** The stand-ins without the given domains, as if they had been dropped from model.names. */
    public static ModelSource without(Set<String> dropped, Duration callDelay) {
        ModelCatalog base = TestModels.catalog(callDelay);
        Map<String, DmzModel> kept = new LinkedHashMap<>(base.models());
        kept.keySet().removeAll(dropped);
        ModelCatalog catalog = new ModelCatalog() {
            @Override
            public Map<String, DmzModel> models() {
                return kept;
            }

            @Override
            public Optional<TransferBridge> bridge(String source, String target) {
                return kept.containsKey(source) && kept.containsKey(target) ? base.bridge(source, target)
                        : Optional.empty();
            }

            @Override
            public void close() {
                base.close();
            }
        };
        return device -> catalog;
    }

    private static ModelCatalog catalog(ModelCatalog base, CountDownLatch gate) {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        base.models().forEach((domain, model) -> models.put(domain, gate == null ? model : new Gated(model, gate)));
        models.put(BROKEN_LABELS, new NoClasses(new StandInModel(BROKEN_LABELS, Duration.ZERO)));
        return new ModelCatalog() {
            @Override
            public Map<String, DmzModel> models() {
                return models;
            }

            @Override
            public Optional<TransferBridge> bridge(String source, String target) {
                switch (String.valueOf(target)) {
                    case THROWS_UNEXPECTED -> throw new IllegalStateException("bridge table is corrupt");
                    case THROWS_KAFKA -> throw new KafkaException("simulated client failure");
                    case THROWS_ERROR -> throw new StackOverflowError("simulated");
                    default -> {
                        return base.bridge(source, target);
                    }
                }
            }

            @Override
            public void close() {
                base.close();
            }
        };
    }

    /** Delegates everything; subclasses change one call. */
    private static class Delegating implements DmzModel {
        final DmzModel inner;

        Delegating(DmzModel inner) {
            this.inner = inner;
        }

        @Override
        public ModelInfo info() {
            return inner.info();
        }

        @Override
        public Codes encode(float[][] images) {
            return inner.encode(images);
        }

        @Override
        public float[][] classify(float[][] probabilities) {
            return inner.classify(probabilities);
        }

        @Override
        public float[][] denoise(float[][] x, int[] timesteps, float[][] codes) {
            return inner.denoise(x, timesteps, codes);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static final class NoClasses extends Delegating {
        NoClasses(DmzModel inner) {
            super(inner);
        }

        @Override
        public float[][] classify(float[][] probabilities) {
            return new float[probabilities.length][0];
        }
    }

    private static final class Gated extends Delegating {
        private final CountDownLatch gate;

        Gated(DmzModel inner, CountDownLatch gate) {
            super(inner);
            this.gate = gate;
        }

        @Override
        public Codes encode(float[][] images) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.encode(images);
        }
    }
}

package io.dmzstream.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmaWarmupTest {
    private final EmaWarmup warmup = new EmaWarmup(0.999f);

    @Test
    void firstUpdateMostlyCopiesTheWeights() {
        assertEquals(0.1f, warmup.decayAt(0), 1e-7f);
        assertEquals(11f / 20f, warmup.decayAt(10), 1e-7f);
    }

    @Test
    void decayRisesAndIsCappedAtTheConfiguredValue() {
        float previous = -1f;
        for (int step = 0; step < 20_000; step++) {
            float decay = warmup.decayAt(step);
            assertTrue(decay >= previous, "decay fell at step " + step);
            assertTrue(decay <= 0.999f);
            previous = decay;
        }
        assertEquals(0.999f, warmup.decayAt(20_000));
        assertTrue(warmup.decayAt(8_000) < 0.999f, "cap reached too early");
    }

    @Test
    void initialWeightsAreForgottenAfterAShortRun() {
        // share of the initial shadow (the random init) left after 1000 updates
        double left = 1;
        for (int step = 0; step < 1000; step++) {
            left *= warmup.decayAt(step);
        }
        assertTrue(left < 1e-20, "initial weights still weigh " + left);
    }

    @Test
    void rejectsDecayOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new EmaWarmup(1f));
        assertThrows(IllegalArgumentException.class, () -> new EmaWarmup(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> warmup.decayAt(-1));
    }
}

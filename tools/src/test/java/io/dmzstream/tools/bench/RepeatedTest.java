package io.dmzstream.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepeatedTest {
    @Test
    void medianMinMaxAndSpread() {
        Repeated r = Repeated.of(110, 90, 100);
        assertEquals(100, r.median(), 1e-12);
        assertEquals(0.2, r.spread(), 1e-12);
        assertTrue(r.unreliable(), "20% spread is above 15%");
        assertEquals(2.5, Repeated.of(1, 4, 2, 3).median(), 1e-12);
        assertFalse(Repeated.of(100, 104, 98).unreliable());
        assertEquals(0, Repeated.of(7).spread(), 1e-12);
    }
}

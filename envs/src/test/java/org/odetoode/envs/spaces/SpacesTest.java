package org.odetoode.envs.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Rng;

class SpacesTest {

    @Test
    void discreteContainsIntegralIndicesOnly() {
        Discrete d = new Discrete(3);
        assertTrue(d.contains(new double[] {0}));
        assertTrue(d.contains(new double[] {2}));
        assertFalse(d.contains(new double[] {3}));
        assertFalse(d.contains(new double[] {-1}));
        assertFalse(d.contains(new double[] {1.5}));
        assertFalse(d.contains(new double[] {Double.NaN}));
        assertFalse(d.contains(new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
    }

    @Test
    void discreteSamplesEveryIndexReproducibly() {
        Discrete d = new Discrete(3);
        int[] counts = new int[3];
        Rng rng = new Rng(5);
        for (int i = 0; i < 3000; i++) {
            counts[(int) d.sample(rng)[0]]++;
        }
        for (int c : counts) {
            assertTrue(c > 900 && c < 1100, "roughly uniform: " + c);
        }
        assertArrayEquals(d.sample(new Rng(9)), d.sample(new Rng(9)), 0.0);
    }

    @Test
    void boxContainsAndSamplesWithinBounds() {
        Box b = new Box(new double[] {-1, 0, Double.NEGATIVE_INFINITY}, new double[] {1, Double.POSITIVE_INFINITY, 5},
                true);
        Rng rng = new Rng(2);
        for (int i = 0; i < 1000; i++) {
            double[] x = b.sample(rng);
            assertTrue(b.contains(x));
            assertEquals(x[0], (float) x[0], 0.0, "float32 samples");
        }
        assertFalse(b.contains(new double[] {2, 0, 0}));
        assertFalse(b.contains(new double[] {0, -1, 0}));
        assertFalse(b.contains(new double[] {0, 0}));
        assertFalse(b.contains(new double[] {Double.NaN, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new Box(new double[] {1}, new double[] {0}, false));
        assertEquals(Box.uniform(-2, 2, 1), Box.uniform(-2, 2, 1));
        assertEquals("Box([-1.0, 0.0, -inf], [1.0, inf, 5.0], (3,), float32)", b.toString());
    }

    /** A bound that is the same in every dimension prints once, as Gymnasium does (not 376 × -Infinity). */
    @Test
    void aUniformBoxPrintsItsBoundsOnce() {
        assertEquals("Box(-inf, inf, (376,), float32)",
                Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 376).toString());
        assertEquals("Box(-0.4, 0.4, (17,), float32)", Box.uniform(-0.4, 0.4, 17).toString());
    }
}

package org.odetoode.agents.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** GAE and returns-to-go against values worked out by hand. */
class AdvantagesTest {
    // Five steps; the episode ends with step 1, so step 0 must not see past it; step 4 bootstraps from V(s_5) = 2.
    private static final double[] REWARDS = {1.0, 0.0, 2.0, 1.0, 3.0};
    private static final double[] VALUES = {0.5, 1.0, 0.2, 0.4, 0.6};
    private static final boolean[] DONES = {false, true, false, false, false};
    private static final double NEXT_VALUE = 2.0;

    @Test
    void gaeMatchesTheHandComputedExample() {
        // γ = 0.9, λ = 0.8, so γλ = 0.72:
        // δ4 = 3 + 0.9·2.0 − 0.6 = 4.2                A4 = 4.2
        // δ3 = 1 + 0.9·0.6 − 0.4 = 1.14               A3 = 1.14 + 0.72·4.2 = 4.164
        // δ2 = 2 + 0.9·0.4 − 0.2 = 2.16               A2 = 2.16 + 0.72·4.164 = 5.15808
        // δ1 = 0 − 1.0 = −1.0 (done: no bootstrap)     A1 = −1.0 (and no carry from step 2)
        // δ0 = 1 + 0.9·1.0 − 0.5 = 1.4                A0 = 1.4 + 0.72·(−1.0) = 0.68
        double[] a = new double[5];
        Advantages.gae(REWARDS, VALUES, DONES, 5, NEXT_VALUE, 0.9, 0.8, a);
        assertArrayEquals(new double[] {0.68, -1.0, 5.15808, 4.164, 4.2}, a, 1e-12);
    }

    @Test
    void returnsToGoMatchTheHandComputedExample() {
        // G4 = 3 + 0.9·2.0 = 4.8, G3 = 1 + 0.9·4.8 = 5.32, G2 = 2 + 0.9·5.32 = 6.788, G1 = 0 (done), G0 = 1 + 0.9·0 = 1.
        double[] g = new double[5];
        Advantages.returnsToGo(REWARDS, DONES, 5, NEXT_VALUE, 0.9, g);
        assertArrayEquals(new double[] {1.0, 0.0, 6.788, 5.32, 4.8}, g, 1e-12);
    }

    @Test
    void aWholeEpisodeDiscountsToItsEnd() {
        double[] g = new double[3];
        Advantages.returnsToGo(new double[] {1.0, 1.0, 1.0}, new boolean[] {false, false, true}, 3, 99.0, 0.5, g);
        assertArrayEquals(new double[] {1.75, 1.5, 1.0}, g, 1e-15);
    }

    @Test
    void gaeWithLambdaOneIsTheReturnToGoMinusTheBaseline() {
        double[] a = new double[5];
        double[] g = new double[5];
        Advantages.gae(REWARDS, VALUES, DONES, 5, NEXT_VALUE, 0.9, 1.0, a);
        Advantages.returnsToGo(REWARDS, DONES, 5, NEXT_VALUE, 0.9, g);
        for (int t = 0; t < 5; t++) {
            g[t] -= VALUES[t];
        }
        assertArrayEquals(g, a, 1e-12);
    }
}

package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Transition;

class CartPoleEnvTest {
    private static final double[] RIGHT = {1};

    private static CartPoleEnv at(boolean suttonBarto, double... state) {
        CartPoleEnv env = new CartPoleEnv("CartPole-v1", suttonBarto);
        env.setState(state);
        return env;
    }

    @Test
    void terminatesStrictlyBeyondTheTrackEnd() {
        assertFalse(at(false, 2.4, 0, 0, 0).step(RIGHT).terminated, "x = 2.4 is still inside");
        assertTrue(at(false, 2.41, 0, 0, 0).step(RIGHT).terminated);
        assertTrue(at(false, 0, 0, CartPoleEnv.THETA_THRESHOLD + 1e-9, 0).step(RIGHT).terminated);
    }

    @Test
    void paysOnTheTerminatingStepAndNothingAfter() {
        CartPoleEnv env = at(false, 2.41, 0, 0, 0);
        assertEquals(1.0, env.step(RIGHT).reward);
        Transition after = env.step(RIGHT);
        assertTrue(after.terminated);
        assertEquals(0.0, after.reward);
    }

    @Test
    void suttonBartoRewardIsZeroPerStepAndMinusOneAtTheEnd() {
        assertEquals(0.0, at(true, 0, 0, 0, 0).step(RIGHT).reward);
        CartPoleEnv env = at(true, 2.41, 0, 0, 0);
        assertEquals(-1.0, env.step(RIGHT).reward);
        assertEquals(-1.0, env.step(RIGHT).reward);
    }

    @Test
    void initialStateIsWithinFiveHundredths() {
        CartPoleEnv env = new CartPoleEnv("CartPole-v1", false);
        for (long seed = 0; seed < 200; seed++) {
            env.reset(seed);
            for (double v : env.getState()) {
                assertTrue(v >= -0.05 && v < 0.05, "initial component " + v);
            }
        }
    }
}

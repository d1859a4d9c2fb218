package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Transition;

class MountainCarContinuousEnvTest {

    private static MountainCarContinuousEnv at(double position, double velocity) {
        MountainCarContinuousEnv env = new MountainCarContinuousEnv("MountainCarContinuous-v0", 0.0, ActionDtype.FLOAT64);
        env.setState(new double[] {position, velocity});
        return env;
    }

    @Test
    void clipsTheForceButChargesTheRawAction() {
        Transition raw = at(-0.5, 0.0).step(new double[] {3.0});
        Transition one = at(-0.5, 0.0).step(new double[] {1.0});
        assertArrayEquals(one.observation, raw.observation, 0.0);
        assertEquals(-0.9, raw.reward, 1e-12);
        assertEquals(-0.1, one.reward, 1e-12);
    }

    @Test
    void reachingTheFlagTerminatesWithTheBonus() {
        Transition t = at(0.44, 0.02).step(new double[] {0.5});
        assertTrue(t.terminated);
        assertEquals(100.0 - 0.025, t.reward, 1e-12);
        assertFalse(at(0.3, 0.0).step(new double[] {0.5}).terminated);
    }

    @Test
    void stopsAtTheLeftWallAndStoresFloat32() {
        MountainCarContinuousEnv env = at(-1.19, -0.05);
        env.step(new double[] {-1.0});
        assertArrayEquals(new double[] {(float) -1.2, 0.0}, env.getState(), 0.0);
    }
}

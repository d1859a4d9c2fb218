package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Transition;

class MountainCarEnvTest {

    private static MountainCarEnv at(double goalVelocity, double position, double velocity) {
        MountainCarEnv env = new MountainCarEnv("MountainCar-v0", goalVelocity);
        env.setState(new double[] {position, velocity});
        return env;
    }

    @Test
    void stopsAtTheLeftWall() {
        MountainCarEnv env = at(0.0, -1.19, -0.05);
        assertEquals(-1.0, env.step(new double[] {0}).reward);
        assertArrayEquals(new double[] {-1.2, 0.0}, env.getState(), 0.0);
    }

    @Test
    void terminatesAtTheFlagWithEnoughSpeed() {
        Transition t = at(0.0, 0.49, 0.02).step(new double[] {2});
        assertTrue(t.terminated);
        assertEquals(-1.0, t.reward);
        assertFalse(at(0.05, 0.49, 0.02).step(new double[] {2}).terminated, "goal velocity 0.05 not reached");
    }

    @Test
    void velocityIsClipped() {
        MountainCarEnv env = at(0.0, -0.5, 0.0699);
        env.step(new double[] {2});
        assertEquals(0.07, env.getState()[1], 0.0);
    }
}

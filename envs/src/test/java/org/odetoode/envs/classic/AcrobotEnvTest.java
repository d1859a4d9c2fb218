package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Transition;

class AcrobotEnvTest {

    @Test
    void terminatesWithZeroRewardWhenTheTipIsHighEnough() {
        AcrobotEnv env = new AcrobotEnv("Acrobot-v1");
        env.setState(new double[] {Math.PI - 0.01, 0, 0, 0});
        Transition t = env.step(new double[] {1});
        assertTrue(t.terminated);
        assertEquals(0.0, t.reward);
    }

    @Test
    void wrapsByWholeTurns() {
        assertEquals(-Math.PI + 0.5, AcrobotEnv.wrap(Math.PI + 0.5, -Math.PI, Math.PI), 1e-15);
        assertEquals(0.25, AcrobotEnv.wrap(0.25 - 4 * Math.PI, -Math.PI, Math.PI), 1e-14);
        assertEquals(Double.POSITIVE_INFINITY, AcrobotEnv.wrap(Double.POSITIVE_INFINITY, -Math.PI, Math.PI));
    }

    @Test
    void velocitiesAreClippedAndTheInitialStateIsFloat32() {
        AcrobotEnv env = new AcrobotEnv("Acrobot-v1");
        env.setState(new double[] {0, 0, 100, -100});
        env.step(new double[] {1});
        assertEquals(AcrobotEnv.MAX_VEL_1, Math.abs(env.getState()[2]));
        assertEquals(AcrobotEnv.MAX_VEL_2, Math.abs(env.getState()[3]));
        env.reset(4);
        for (double v : env.getState()) {
            assertEquals(v, (float) v, 0.0);
            assertTrue(Math.abs(v) <= 0.1);
        }
    }
}

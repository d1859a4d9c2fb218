package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Transition;

class PendulumEnvTest {

    private static PendulumEnv at(ActionDtype dtype, double theta, double thetaDot) {
        PendulumEnv env = new PendulumEnv("Pendulum-v1", 10.0, dtype);
        env.setState(new double[] {theta, thetaDot});
        return env;
    }

    @Test
    void clipsTheTorqueLikeTheReference() {
        for (ActionDtype dtype : ActionDtype.values()) {
            Transition clipped = at(dtype, 0.5, 0.1).step(new double[] {7.5});
            Transition max = at(dtype, 0.5, 0.1).step(new double[] {2.0});
            assertArrayEquals(max.observation, clipped.observation, 0.0);
            assertEquals(max.reward, clipped.reward, 0.0, "the cost charges the clipped torque");
        }
    }

    @Test
    void costIsOnThePreStepStateWithTheNormalisedAngle() {
        Transition t = at(ActionDtype.FLOAT64, Math.PI, 0.0).step(new double[] {0.0});
        assertEquals(-Math.PI * Math.PI, t.reward, 1e-12, "hanging straight down costs pi^2");
        Transition spun = at(ActionDtype.FLOAT64, 4 * Math.PI + 0.5, 2.0).step(new double[] {1.0});
        assertEquals(-(0.25 + 0.1 * 4 + 0.001), spun.reward, 1e-12);
    }

    @Test
    void angleNormaliseIsAFloorModulo() {
        assertEquals(-0.5, PendulumEnv.angleNormalize(-0.5), 1e-15);
        assertEquals(0.5, PendulumEnv.angleNormalize(2 * Math.PI + 0.5), 1e-15);
        assertEquals(-0.5, PendulumEnv.angleNormalize(-2 * Math.PI - 0.5), 1e-15);
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(Math.PI), 1e-15);
    }

    @Test
    void speedIsClippedToEight() {
        Transition t = at(ActionDtype.FLOAT64, 0.0, 7.99).step(new double[] {2.0});
        assertEquals(8.0, t.observation[2]);
    }

    @Test
    void float32ActionsChangeTheLastBits() {
        double[] a = {0.3};
        assertNotEquals(at(ActionDtype.FLOAT64, 1.0, 0.5).step(a).reward, at(ActionDtype.FLOAT32, 1.0, 0.5).step(a).reward);
    }
}

package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Envs;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.spaces.Box;

class ClipActionTest {

    @Test
    void clipsIntoTheInnerBoundsAndExposesAnUnboundedSpace() {
        FakeEnv inner = new FakeEnv(100);
        ClipAction env = new ClipAction(inner);
        env.reset(0);
        double[] action = {5, -7};
        env.step(action);
        assertArrayEquals(new double[] {1, -2}, inner.lastAction, 0.0);
        assertArrayEquals(new double[] {5, -7}, action, 0.0, "the caller's array is untouched");
        assertEquals(Double.POSITIVE_INFINITY, ((Box) env.actionSpace()).high(0));
        assertTrue(env.actionSpace().contains(action));
    }

    @Test
    void changesTheMountainCarRewardWhichChargesTheRawAction() {
        var raw = Envs.make("MountainCarContinuous-v0");
        var clipped = new ClipAction(Envs.make("MountainCarContinuous-v0"));
        raw.reset(1);
        clipped.reset(1);
        assertEquals(-0.9, raw.step(new double[] {3}).reward, 1e-12);
        assertEquals(-0.1, clipped.step(new double[] {3}).reward, 1e-12);
    }

    @Test
    void needsABoxActionSpace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClipAction(Envs.make("CartPole-v1")));
        assertEquals("ClipAction needs a Box action space, but CartPole-v1 has Discrete(2)", e.getMessage());
    }
}

package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Envs;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.spaces.Box;

class RescaleActionTest {

    @Test
    void mapsTheNewRangeAffinelyOntoTheInnerBox() {
        FakeEnv inner = new FakeEnv(100);
        RescaleAction env = new RescaleAction(inner, 0, 1);
        env.reset(0);
        env.step(new double[] {0, 1});
        assertArrayEquals(new double[] {-1, 2}, inner.lastAction, 0.0);
        env.step(new double[] {0.5, 0.25});
        assertArrayEquals(new double[] {0, -1}, inner.lastAction, 1e-15);
        assertArrayEquals(new double[] {0, 0}, ((Box) env.actionSpace()).low(), 0.0);
    }

    @Test
    void rejectsEmptyRangesAndUnboundedInnerSpaces() {
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(new FakeEnv(1), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RescaleAction(new ClipAction(Envs.make("Pendulum-v1")), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(new FakeEnv(1), 0, 1).step(new double[1]));
    }
}

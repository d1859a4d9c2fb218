package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;

class NormalizeObservationTest {

    @Test
    void normalisesWithStatisticsThatIncludeTheCurrentObservation() {
        NormalizeObservation env = new NormalizeObservation(new FakeEnv(100));
        Transition t = env.reset(0);
        assertEquals(0.0, t.observation[0], "one sample: centred on itself");
        env.step(new double[] {1, 0}, t);
        // steps seen: 0, 1 -> mean 0.5, variance 0.25
        assertEquals((float) ((1 - 0.5) / Math.sqrt(0.25 + 1e-8)), t.observation[0], 0.0);
        assertEquals(2, env.statistics().count());
        Box space = (Box) env.observationSpace();
        assertEquals(Double.NEGATIVE_INFINITY, space.low(0));
    }

    @Test
    void frozenStatisticsStayPut() {
        RunningMeanStd master = RunningMeanStd.of(10, new double[] {2, 0, 0, 0}, new double[] {4, 1, 1, 1});
        NormalizeObservation env = new NormalizeObservation(new FakeEnv(100), master.copy(),
                NormalizeObservation.DEFAULT_EPSILON);
        env.freeze();
        assertTrue(env.isFrozen());
        Transition t = env.reset(0);
        env.step(new double[] {0, 0}, t);
        assertEquals((float) ((1 - 2) / Math.sqrt(4 + 1e-8)), t.observation[0], 0.0);
        assertEquals(10, env.statistics().count());
        env.unfreeze();
        env.step(new double[] {0, 0}, t);
        assertEquals(11, env.statistics().count());
        assertFalse(env.isFrozen());
    }

    @Test
    void checksItsArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> new NormalizeObservation(new FakeEnv(1), new RunningMeanStd(2), 1e-8));
        assertThrows(IllegalArgumentException.class,
                () -> new NormalizeObservation(new FakeEnv(1), new RunningMeanStd(4), 0.0));
    }
}

package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.Transition;

class TimeLimitTest {
    private static final double[] ACTION = {0.5, 0};

    @Test
    void truncatesOnTheStepThatReachesTheLimit() {
        TimeLimit env = new TimeLimit(new FakeEnv(100), 3);
        Transition t = env.reset(0);
        env.step(ACTION, t);
        env.step(ACTION, t);
        assertFalse(t.truncated);
        env.step(ACTION, t);
        assertTrue(t.truncated);
        assertFalse(t.terminated);
        assertEquals(3, env.elapsedSteps());
    }

    @Test
    void bothResetsRestartTheCount() {
        TimeLimit env = new TimeLimit(new FakeEnv(100), 2);
        Transition t = env.reset(0);
        env.step(ACTION, t);
        env.reset(t);
        env.step(ACTION, t);
        assertFalse(t.truncated);
        env.reset(5, t);
        assertEquals(0, env.elapsedSteps());
    }

    @Test
    void terminationAndTruncationCanCoincide() {
        TimeLimit env = new TimeLimit(new FakeEnv(2), 2);
        Transition t = env.reset(0);
        env.step(ACTION, t);
        env.step(ACTION, t);
        assertTrue(t.terminated && t.truncated);
    }

    @Test
    void forwardsEverythingElse() {
        FakeEnv inner = new FakeEnv(5);
        TimeLimit env = new TimeLimit(inner, 2);
        assertEquals("Fake-v0", env.id());
        assertEquals(inner.actionSpace(), env.actionSpace());
        assertEquals(inner, env.unwrapped());
        env.setState(new double[] {4, 0.5});
        assertEquals(4, env.getState()[0]);
        env.close();
        assertTrue(inner.closed);
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(inner, 0));
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(null, 1));
    }
}

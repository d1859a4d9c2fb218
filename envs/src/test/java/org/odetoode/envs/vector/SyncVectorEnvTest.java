package org.odetoode.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.FakeEnv;
import org.odetoode.envs.Transition;
import org.odetoode.envs.wrappers.TimeLimit;

class SyncVectorEnvTest {

    @Test
    void copyIIsSeededWithSeedPlusI() {
        SyncVectorEnv venv = SyncVectorEnv.make("CartPole-v1", Map.of(), 3);
        VectorTransition out = venv.newTransition();
        venv.reset(10, out);
        for (int i = 0; i < 3; i++) {
            Transition single = Envs.make("CartPole-v1").reset(10 + i);
            assertArrayEquals(single.observation, Arrays.copyOfRange(out.observations, 4 * i, 4 * i + 4), 0.0);
        }
    }

    @Test
    void stepsInLockstepLikeSingleEnvs() {
        SyncVectorEnv venv = SyncVectorEnv.make("Pendulum-v1", Map.of(), 2);
        VectorTransition out = venv.newTransition();
        venv.reset(3, out);
        Env a = Envs.make("Pendulum-v1");
        Env b = Envs.make("Pendulum-v1");
        a.reset(3);
        b.reset(4);
        venv.step(new double[] {0.5, -1.5}, out);
        Transition ta = a.step(new double[] {0.5});
        Transition tb = b.step(new double[] {-1.5});
        assertArrayEquals(ta.observation, Arrays.copyOfRange(out.observations, 0, 3), 0.0);
        assertArrayEquals(tb.observation, Arrays.copyOfRange(out.observations, 3, 6), 0.0);
        assertArrayEquals(new double[] {ta.reward, tb.reward}, out.rewards, 0.0);
    }

    @Test
    void autoresetsInTheSameStepAndKeepsTheFinalObservation() {
        FakeEnv shortOne = new FakeEnv(2);
        FakeEnv longOne = new FakeEnv(100);
        SyncVectorEnv venv = new SyncVectorEnv(List.of(shortOne, longOne));
        VectorTransition out = venv.newTransition();
        venv.reset(0, out);
        double[] actions = {0.5, 0, 0.25, 0};
        venv.step(actions, out);
        assertFalse(out.done(0));
        venv.step(actions, out);
        assertTrue(out.terminated[0]);
        assertFalse(out.done(1));
        assertEquals(0.5, out.rewards[0], "the reward of the final step");
        assertEquals(2.0, out.finalObservations[0], "final observation: two steps taken");
        assertEquals(0.0, out.observations[0], "observation: the first of the next episode");
        assertEquals(2.0, out.observations[4], "the other copy goes on");
        assertEquals(2, shortOne.resets);
        assertEquals(2.0, venv.lastStep(0).observation[0]);
        venv.step(actions, out);
        assertFalse(out.done(0));
        assertEquals(1.0, out.observations[0]);
    }

    @Test
    void autoresetAfterTruncationAndDeterministicRuns() {
        double[] first = run();
        assertArrayEquals(first, run(), 0.0);
    }

    private static double[] run() {
        SyncVectorEnv venv = new SyncVectorEnv(
                List.of(new TimeLimit(new FakeEnv(100), 3), new TimeLimit(new FakeEnv(100), 3)));
        VectorTransition out = venv.newTransition();
        venv.reset(1, out);
        double[] actions = {0.1, 0, 0.2, 0};
        for (int s = 0; s < 3; s++) {
            venv.step(actions, out);
        }
        assertTrue(out.truncated[0] && out.truncated[1]);
        assertEquals(0.0, out.observations[0]);
        return out.observations.clone();
    }

    @Test
    void checksShapesAndOrder() {
        SyncVectorEnv venv = SyncVectorEnv.make("CartPole-v1", Map.of(), 2);
        VectorTransition out = venv.newTransition();
        assertThrows(IllegalStateException.class, () -> venv.step(new double[2], out));
        venv.reset(0, out);
        assertThrows(IllegalArgumentException.class, () -> venv.step(new double[3], out));
        assertThrows(IllegalArgumentException.class, () -> venv.reset(0, new VectorTransition(3, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> new SyncVectorEnv(List.of(Envs.make("CartPole-v1"), Envs.make("Pendulum-v1"))));
        assertThrows(IllegalArgumentException.class, () -> SyncVectorEnv.make("CartPole-v1", Map.of(), 0));
    }
}

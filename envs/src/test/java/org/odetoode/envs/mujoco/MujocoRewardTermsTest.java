package org.odetoode.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;

/**
 * Recomputes each environment's reward, termination and observation from qpos and qvel before and after a
 * step (the head of {@link MujocoEnv#getState()}), the action and the gym v3 formulas, on random rollouts.
 *
 * <p>Terms gym reads from forward-pass positions (Ant's torso xpos, Humanoid's body coms, Reacher's fingertip,
 * the double pendulum's tip) lag the final qpos by the last integrator stage, so those are checked against
 * the formula with the positions the env reports, and against qpos-based kinematics within a loose bound.
 */
@ExtendWith(MujocoRequired.class)
class MujocoRewardTermsTest {
    private static final double EXACT = 1e-12;
    private static final int STEPS = 300;

    /** One step's data: qpos and qvel before and after, action, result. */
    private record Step(double[] before, double[] after, double[] action, Transition result, int index) {
    }

    private interface StepCheck {
        void check(Step s);
    }

    /** Runs random actions from several seeds, resetting on termination, and checks every step. */
    private static void rollout(String id, StepCheck check) {
        try (MujocoEnv env = MujocoTestEnvs.make(id)) {
            Rng actions = new Rng(2024);
            int n = env.sim.nq + env.sim.nv;
            int terminations = 0;
            for (int episode = 0; episode < 3; episode++) {
                Transition t = env.reset(episode);
                for (int i = 0; i < STEPS / 3 && !t.terminated; i++) {
                    double[] before = Arrays.copyOf(env.getState(), n);
                    double[] action = env.actionSpace().sample(actions);
                    env.step(action, t);
                    check.check(new Step(before, Arrays.copyOf(env.getState(), n), action, t.copy(), i));
                    terminations += t.terminated ? 1 : 0;
                }
            }
            assertTrue(terminations >= 0);
        }
    }

    private static double squares(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return s;
    }

    private static double clip(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    private static void assertSlice(double[] expected, int from, double[] observation, int at, int n, String what) {
        for (int i = 0; i < n; i++) {
            assertEquals(expected[from + i], observation[at + i], EXACT, what + " element " + i);
        }
    }

    @Test
    void halfCheetah() {
        double dt = 0.05;
        rollout("HalfCheetah-v3", s -> {
            assertEquals((s.after[0] - s.before[0]) / dt - 0.1 * squares(s.action), s.result.reward, EXACT);
            assertFalse(s.result.terminated);
            assertSlice(s.after, 1, s.result.observation, 0, 17, "qpos[1:] + qvel");
        });
    }

    @Test
    void hopper() {
        double dt = 0.008;
        int[] terminated = {0};
        rollout("Hopper-v3", s -> {
            double[] q = s.after;
            boolean stateOk = true;
            for (int i = 2; i < q.length; i++) {
                stateOk &= Math.abs(q[i]) < 100;
            }
            boolean healthy = stateOk && q[1] > 0.7 && Math.abs(q[2]) < 0.2;
            assertEquals(!healthy, s.result.terminated);
            terminated[0] += s.result.terminated ? 1 : 0;
            assertEquals((q[0] - s.before[0]) / dt + 1.0 - 1e-3 * squares(s.action), s.result.reward, EXACT);
            assertSlice(q, 1, s.result.observation, 0, 5, "qpos[1:]");
            for (int i = 0; i < 6; i++) {
                assertEquals(clip(q[6 + i], 10), s.result.observation[5 + i], EXACT);
            }
        });
        assertTrue(terminated[0] > 0, "random actions should topple the hopper at least once");
    }

    @Test
    void walker2d() {
        double dt = 0.008;
        rollout("Walker2d-v3", s -> {
            double[] q = s.after;
            boolean healthy = q[1] > 0.8 && q[1] < 2.0 && q[2] > -1 && q[2] < 1;
            assertEquals(!healthy, s.result.terminated);
            assertEquals((q[0] - s.before[0]) / dt + 1.0 - 1e-3 * squares(s.action), s.result.reward, EXACT);
            assertSlice(q, 1, s.result.observation, 0, 8, "qpos[1:]");
            for (int i = 0; i < 9; i++) {
                assertEquals(clip(q[9 + i], 10), s.result.observation[8 + i], EXACT);
            }
        });
    }

    @Test
    void swimmer() {
        double dt = 0.04;
        rollout("Swimmer-v3", s -> {
            assertEquals((s.after[0] - s.before[0]) / dt - 1e-4 * squares(s.action), s.result.reward, EXACT);
            assertFalse(s.result.terminated);
            assertSlice(s.after, 2, s.result.observation, 0, 8, "qpos[2:] + qvel");
        });
    }

    @Test
    void ant() {
        double dt = 0.05;
        double[] previousX = {Double.NaN};
        rollout("Ant-v3", s -> {
            double[] q = s.after;
            double[] o = s.result.observation;
            assertEquals(!(q[2] >= 0.2 && q[2] <= 1.0), s.result.terminated);
            assertSlice(q, 2, o, 0, 27, "qpos[2:] + qvel");
            double contactCost = 0;
            for (int i = 27; i < 111; i++) {
                assertTrue(Math.abs(o[i]) <= 1.0, "contact forces are clipped to [-1, 1]");
                contactCost += o[i] * o[i];
            }
            // The torso is a free-joint body: before the first step its xpos is qpos[0:3].
            double xBefore = s.index == 0 ? s.before[0] : previousX[0];
            double xAfter = (Double) s.result.info().get("x_position");
            // xpos lags qpos by the last integrator stage: under 2 cm for an ant moving below 2 m/s.
            assertEquals(q[0], xAfter, 0.02);
            double expected = (xAfter - xBefore) / dt + 1.0 - 0.5 * squares(s.action) - 5e-4 * contactCost;
            assertEquals(expected, s.result.reward, 1e-9);
            previousX[0] = xAfter;
        });
    }

    @Test
    void antContactForcesAreNotAllZero() {
        try (MujocoEnv env = MujocoTestEnvs.make("Ant-v3")) {
            Transition t = env.reset(0);
            for (int i = 0; i < 20; i++) {
                env.step(new double[8], t);
            }
            double[] forces = Arrays.copyOfRange(t.observation, 27, 111);
            assertTrue(Arrays.stream(forces).anyMatch(f -> f != 0.0),
                    "the ant stands on the floor, so cfrc_ext must show contact forces");
        }
    }

    @Test
    void humanoid() {
        double dt = 0.015;
        double[] previousX = {Double.NaN};
        rollout("Humanoid-v3", s -> {
            double[] q = s.after;
            double[] o = s.result.observation;
            assertEquals(!(q[2] > 1.0 && q[2] < 2.0), s.result.terminated);
            assertSlice(q, 2, o, 0, 45, "qpos[2:] + qvel");
            double forces = 0;
            for (int i = 292; i < 376; i++) {
                forces += o[i] * o[i];
            }
            double xAfter = (Double) s.result.info().get("x_position");
            if (s.index > 0) {
                double expected = 1.25 * (xAfter - previousX[0]) / dt + 5.0 - 0.1 * squares(s.action)
                        - Math.min(5e-7 * forces, 10.0);
                assertEquals(expected, s.result.reward, 1e-9);
            }
            previousX[0] = xAfter;
        });
    }

    @Test
    void reacher() {
        double[] previousVector = new double[3];
        double[] target = new double[2];
        rollout("Reacher-v2", s -> {
            double[] q = s.after;
            double[] o = s.result.observation;
            assertEquals(Math.cos(q[0]), o[0], EXACT);
            assertEquals(Math.cos(q[1]), o[1], EXACT);
            assertEquals(Math.sin(q[0]), o[2], EXACT);
            assertEquals(Math.sin(q[1]), o[3], EXACT);
            assertSlice(q, 2, o, 4, 2, "target position");
            assertSlice(q, 4, o, 6, 2, "arm velocities");
            if (s.index == 0) {
                target[0] = q[2];
                target[1] = q[3];
                assertTrue(Math.hypot(q[2], q[3]) < 0.2, "the target is drawn inside the 0.2 disc");
            } else {
                assertEquals(target[0], q[2], 1e-12, "the target does not move");
                double dist = Math.sqrt(squares(previousVector));
                assertEquals(-dist - squares(s.action), s.result.reward, EXACT);
            }
            // fingertip - target from the arm's kinematics: links 0.1 and 0.11 long from the origin.
            double tipX = 0.1 * Math.cos(q[0]) + 0.11 * Math.cos(q[0] + q[1]);
            double tipY = 0.1 * Math.sin(q[0]) + 0.11 * Math.sin(q[0] + q[1]);
            assertEquals(tipX - q[2], o[8], 0.05);
            assertEquals(tipY - q[3], o[9], 0.05);
            assertFalse(s.result.terminated);
            System.arraycopy(o, 8, previousVector, 0, 3);
        });
    }

    @Test
    void invertedPendulum() {
        int[] terminated = {0};
        rollout("InvertedPendulum-v2", s -> {
            assertEquals(1.0, s.result.reward);
            assertEquals(!(Math.abs(s.after[1]) <= 0.2), s.result.terminated);
            terminated[0] += s.result.terminated ? 1 : 0;
            assertSlice(s.after, 0, s.result.observation, 0, 4, "qpos + qvel");
        });
        assertTrue(terminated[0] > 0, "random actions should drop the pole at least once");
    }

    @Test
    void invertedDoublePendulum() {
        rollout("InvertedDoublePendulum-v2", s -> {
            double[] q = s.after;
            double[] o = s.result.observation;
            assertEquals(q[0], o[0], EXACT);
            for (int i = 1; i < 3; i++) {
                assertEquals(Math.sin(q[i]), o[i], EXACT);
                assertEquals(Math.cos(q[i]), o[2 + i], EXACT);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(clip(q[3 + i], 10), o[5 + i], EXACT);
                assertTrue(Math.abs(o[8 + i]) <= 10);
            }
            // Tip of two 0.6 poles hinged at the cart: the distance penalty implied by the reward must match it.
            double x = q[0] + 0.6 * Math.sin(q[1]) + 0.6 * Math.sin(q[1] + q[2]);
            double z = 0.6 * Math.cos(q[1]) + 0.6 * Math.cos(q[1] + q[2]);
            double velocityPenalty = 1e-3 * q[4] * q[4] + 5e-3 * q[5] * q[5];
            double distancePenalty = 10 - velocityPenalty - s.result.reward;
            assertEquals(0.01 * x * x + (z - 2) * (z - 2), distancePenalty, 0.05);
            if (Math.abs(z - 1) > 0.05) {
                assertEquals(z <= 1, s.result.terminated);
            }
        });
    }
}

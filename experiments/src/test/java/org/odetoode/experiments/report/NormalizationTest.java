package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.mujoco.MujocoUnavailableException;

/** The normalisation table against its sources: this project's environments and their registered thresholds. */
class NormalizationTest {
    /**
     * The mean return of 100 episodes of uniformly random actions, as the table's {@code random} column was measured:
     * env seeds 0..99, actions from the action space's sampler seeded 0.
     */
    static double randomReturn(String env) {
        try (Env e = Envs.make(env)) {
            Rng rng = new Rng(0);
            double sum = 0.0;
            for (int episode = 0; episode < 100; episode++) {
                Transition t = e.reset(episode);
                do {
                    e.step(e.actionSpace().sample(rng), t);
                    sum += t.reward;
                } while (!t.done());
            }
            return sum / 100;
        }
    }

    @Test
    void randomColumnIsTheMeasuredRandomPolicyReturnOfClassicControl() {
        for (String env : new String[] {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
            "Pendulum-v1"}) {
            // the table keeps two decimals of the measurement
            assertEquals(randomReturn(env), Normalization.of(env).orElseThrow().random(), 0.005, env);
        }
    }

    /**
     * The MuJoCo tasks whose random episodes end early; HalfCheetah, Swimmer and Ant (always 1000 steps, 5 to 12 s
     * each) were measured the same way. Skipped where MuJoCo does not load, failed then if ODETOODE_REQUIRE_MUJOCO=1
     * (as CI sets it).
     */
    @Test
    void randomColumnIsTheMeasuredRandomPolicyReturnOfMujoco() {
        for (String env : new String[] {"Hopper-v3", "Walker2d-v3", "Humanoid-v3", "Reacher-v2",
            "InvertedPendulum-v2", "InvertedDoublePendulum-v2"}) {
            double measured;
            try {
                measured = randomReturn(env);
            } catch (MujocoUnavailableException e) {
                if ("1".equals(System.getenv("ODETOODE_REQUIRE_MUJOCO"))) {
                    throw e;
                }
                Assumptions.abort("MuJoCo tests skipped: " + e.getMessage());
                return;
            }
            assertEquals(measured, Normalization.of(env).orElseThrow().random(), 0.005, env);
        }
    }

    @Test
    void gymnasiumReferencesAreTheRegisteredRewardThresholds() {
        for (Map.Entry<String, Normalization.Range> e : Normalization.table().entrySet()) {
            if (e.getValue().source().startsWith("Gymnasium")) {
                assertEquals(Envs.spec(e.getKey()).rewardThreshold().orElseThrow(), e.getValue().reference(),
                        0.0, e.getKey());
            }
            assertTrue(Envs.ids().contains(e.getKey()), e.getKey() + " is a registered env");
            assertTrue(e.getValue().reference() > e.getValue().random(), e.getKey());
        }
    }

    @Test
    void scoresAreZeroAtRandomAndOneAtTheReference() {
        Normalization.Range r = Normalization.of("Pendulum-v1").orElseThrow();
        assertEquals(0.0, r.score(r.random()), 1e-12);
        assertEquals(1.0, r.score(r.reference()), 1e-12);
        assertEquals(0.5, r.score((r.random() + r.reference()) / 2), 1e-12);
    }
}

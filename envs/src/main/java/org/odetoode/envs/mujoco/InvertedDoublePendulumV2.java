package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * InvertedDoublePendulum-v2: balance two stacked poles on a cart. After gym 0.21's
 * {@code gym/envs/mujoco/inverted_double_pendulum.py}.
 *
 * <ul>
 *   <li>Model {@code inverted_double_pendulum.xml} (nq = nv = 3, nu = 1), frame skip 5, dt = 0.05 s.</li>
 *   <li>Observation (11): cart x qpos[0], sin then cos of the two hinge angles, qvel clipped to [-10, 10],
 *       qfrc_constraint clipped to [-10, 10] (v5 drops these last three; v2 keeps them).</li>
 *   <li>Reward: 10 - (0.01 x^2 + (z - 2)^2) - (1e-3 qvel[1]^2 + 5e-3 qvel[2]^2), with (x, z) the tip site's
 *       position as mjData holds it after the step. The alive bonus 10 is paid on the terminating step too
 *       (v2; v5 pays it only while alive).</li>
 *   <li>Terminates when the tip's z &lt;= 1.</li>
 *   <li>Reset: qpos0 + U(-0.1, 0.1); qvel = 0.1 * N(0, 1).</li>
 * </ul>
 */
public final class InvertedDoublePendulumV2 extends MujocoEnv {
    private static final double ALIVE_BONUS = 10.0;
    private static final double OBSERVED_LIMIT = 10.0;
    private static final double RESET_NOISE_SCALE = 0.1;

    private final int tip;

    public InvertedDoublePendulumV2() {
        super("InvertedDoublePendulum-v2", "inverted_double_pendulum.xml", 5, 11, 0, ContactForcePass.SKIP);
        this.tip = sim.siteId("tip");
    }

    /** Nothing: the reward reads only the state after the step. */
    @Override
    protected void remember(double[] values) {
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double x = sim.siteXpos.get(3 * tip);
        double z = sim.siteXpos.get(3 * tip + 2);
        double v1 = sim.qvel.get(1);
        double v2 = sim.qvel.get(2);
        double distPenalty = 0.01 * x * x + (z - 2) * (z - 2);
        double velPenalty = 1e-3 * v1 * v1 + 5e-3 * v2 * v2;
        out.reward = ALIVE_BONUS - distPenalty - velPenalty;
        out.terminated = z <= 1;
        observe(out.observation);
    }

    @Override
    protected void observe(double[] observation) {
        observation[0] = sim.qpos.get(0);
        for (int i = 1; i < 3; i++) {
            observation[i] = Math.sin(sim.qpos.get(i));
            observation[2 + i] = Math.cos(sim.qpos.get(i));
        }
        for (int i = 0; i < 3; i++) {
            observation[5 + i] = clip(sim.qvel.get(i), OBSERVED_LIMIT);
            observation[8 + i] = clip(sim.qfrcConstraint.get(i), OBSERVED_LIMIT);
        }
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addGaussianNoise(qvel, RESET_NOISE_SCALE);
    }
}

package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * InvertedPendulum-v2: balance a pole on a cart. After gym 0.21's {@code gym/envs/mujoco/inverted_pendulum.py}.
 *
 * <ul>
 *   <li>Model {@code inverted_pendulum.xml} (nq = nv = 2, nu = 1), frame skip 2, dt = 0.04 s.</li>
 *   <li>Observation (4): qpos then qvel.</li>
 *   <li>Reward 1 on every step, the terminating one included (v2; v5 gives 0 on it).</li>
 *   <li>Terminates unless the observation is finite and |qpos[1]| &lt;= 0.2.</li>
 *   <li>Reset: qpos0 + U(-0.01, 0.01) and U(-0.01, 0.01) velocities, per coordinate.</li>
 * </ul>
 */
public final class InvertedPendulumV2 extends MujocoEnv {
    private static final double ANGLE_LIMIT = 0.2;
    private static final double RESET_NOISE_SCALE = 0.01;

    public InvertedPendulumV2() {
        super("InvertedPendulum-v2", "inverted_pendulum.xml", 2, 4, 0, ContactForcePass.SKIP);
    }

    /** Nothing: the reward reads only the state after the step. */
    @Override
    protected void remember(double[] values) {
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double[] observation = out.observation;
        observe(observation);
        out.reward = 1.0;
        boolean finite = true;
        for (double v : observation) {
            finite &= Double.isFinite(v);
        }
        out.terminated = !(finite && Math.abs(observation[1]) <= ANGLE_LIMIT);
    }

    @Override
    protected void observe(double[] observation) {
        putPositionsAndVelocities(observation, 0, 0);
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addUniformNoise(qvel, RESET_NOISE_SCALE);
    }
}

package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * Hopper-v3 and Walker2d-v3 share everything but the model, frame skip and healthy test: this class holds
 * the shared terms of gym 0.21's {@code hopper_v3.py} and {@code walker2d_v3.py} (default keywords).
 *
 * <ul>
 *   <li>Observation: qpos[1:] then qvel clipped to [-10, 10].</li>
 *   <li>Reward: (x_after - x_before) / dt + 1 - 0.001 * sum(action^2), x = qpos[0].</li>
 *   <li>Terminates when the state after the step is not healthy. As in v3 (unlike v5) the healthy reward of
 *       1 is paid on that terminating step too, because v3 pays it whenever terminate_when_unhealthy is set.</li>
 *   <li>Reset: qpos0 + U(-0.005, 0.005) and U(-0.005, 0.005) velocities, per coordinate.</li>
 * </ul>
 */
public abstract sealed class PlanarWalkerEnv extends MujocoEnv permits HopperV3, Walker2dV3 {
    private static final double FORWARD_REWARD_WEIGHT = 1.0;
    private static final double CTRL_COST_WEIGHT = 1e-3;
    private static final double HEALTHY_REWARD = 1.0;
    private static final double RESET_NOISE_SCALE = 5e-3;
    private static final double OBSERVED_VELOCITY_LIMIT = 10.0;

    PlanarWalkerEnv(String id, String modelFile, int frameSkip, int observationSize) {
        super(id, modelFile, frameSkip, observationSize, 1, ContactForcePass.SKIP);
    }

    /** The v3 healthy test on the state after the step (unclipped qpos and qvel). */
    protected abstract boolean isHealthy();

    /** x = qpos[0]. */
    @Override
    protected void remember(double[] values) {
        values[0] = sim.qpos.get(0);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double xAfter = sim.qpos.get(0);
        double xVelocity = (xAfter - remembered[0]) / dt;
        out.reward = FORWARD_REWARD_WEIGHT * xVelocity + HEALTHY_REWARD - CTRL_COST_WEIGHT * sumOfSquares(action);
        out.terminated = !isHealthy();
        observe(out.observation);
        var info = out.info();
        info.put("x_position", xAfter);
        info.put("x_velocity", xVelocity);
    }

    @Override
    protected void observe(double[] observation) {
        int v = putPositionsAndVelocities(observation, 0, 1) - sim.nv;
        for (int i = v; i < observation.length; i++) {
            observation[i] = clip(observation[i], OBSERVED_VELOCITY_LIMIT);
        }
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addUniformNoise(qvel, RESET_NOISE_SCALE);
    }
}

package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * HalfCheetah-v3: a planar cheetah rewarded for running forward. After gym 0.21's
 * {@code gym/envs/mujoco/half_cheetah_v3.py} with its default keywords.
 *
 * <ul>
 *   <li>Model {@code half_cheetah.xml} (nq = nv = 9, nu = 6), frame skip 5, dt = 0.05 s.</li>
 *   <li>Observation (17): qpos[1:] then qvel.</li>
 *   <li>Reward: (x_after - x_before) / dt - 0.1 * sum(action^2), x = qpos[0]. Never terminates.</li>
 *   <li>Reset: qpos0 + U(-0.1, 0.1) per coordinate; qvel = 0.1 * N(0, 1) per coordinate.</li>
 * </ul>
 */
public final class HalfCheetahV3 extends MujocoEnv {
    private static final double FORWARD_REWARD_WEIGHT = 1.0;
    private static final double CTRL_COST_WEIGHT = 0.1;
    private static final double RESET_NOISE_SCALE = 0.1;

    public HalfCheetahV3() {
        super("HalfCheetah-v3", "half_cheetah.xml", 5, 17, 1, ContactForcePass.SKIP);
    }

    /** x = qpos[0]. */
    @Override
    protected void remember(double[] values) {
        values[0] = sim.qpos.get(0);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double xAfter = sim.qpos.get(0);
        double xVelocity = (xAfter - remembered[0]) / dt;
        double forwardReward = FORWARD_REWARD_WEIGHT * xVelocity;
        double ctrlCost = CTRL_COST_WEIGHT * sumOfSquares(action);
        out.reward = forwardReward - ctrlCost;
        observe(out.observation);
        var info = out.info();
        info.put("x_position", xAfter);
        info.put("x_velocity", xVelocity);
        info.put("reward_run", forwardReward);
        info.put("reward_ctrl", -ctrlCost);
    }

    @Override
    protected void observe(double[] observation) {
        putPositionsAndVelocities(observation, 0, 1);
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addGaussianNoise(qvel, RESET_NOISE_SCALE);
    }
}

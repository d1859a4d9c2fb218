package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * Swimmer-v3: a three-link swimmer in a viscous fluid. After gym 0.21's {@code gym/envs/mujoco/swimmer_v3.py}
 * with its default keywords.
 *
 * <ul>
 *   <li>Model {@code swimmer.xml} (nq = nv = 5, nu = 2), frame skip 4, dt = 0.04 s.</li>
 *   <li>Observation (8): qpos[2:] then qvel.</li>
 *   <li>Reward: (x_after - x_before) / dt - 1e-4 * sum(action^2), x = qpos[0]. Never terminates.</li>
 *   <li>Reset: qpos0 + U(-0.1, 0.1) and U(-0.1, 0.1) velocities, per coordinate.</li>
 * </ul>
 */
public final class SwimmerV3 extends MujocoEnv {
    private static final double FORWARD_REWARD_WEIGHT = 1.0;
    private static final double CTRL_COST_WEIGHT = 1e-4;
    private static final double RESET_NOISE_SCALE = 0.1;

    public SwimmerV3() {
        super("Swimmer-v3", "swimmer.xml", 4, 8, 2, ContactForcePass.SKIP);
    }

    /** x, y = qpos[0:2]. */
    @Override
    protected void remember(double[] values) {
        values[0] = sim.qpos.get(0);
        values[1] = sim.qpos.get(1);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double xAfter = sim.qpos.get(0);
        double yAfter = sim.qpos.get(1);
        double xVelocity = (xAfter - remembered[0]) / dt;
        double forwardReward = FORWARD_REWARD_WEIGHT * xVelocity;
        double ctrlCost = CTRL_COST_WEIGHT * sumOfSquares(action);
        out.reward = forwardReward - ctrlCost;
        observe(out.observation);
        var info = out.info();
        info.put("reward_fwd", forwardReward);
        info.put("reward_ctrl", -ctrlCost);
        info.put("x_position", xAfter);
        info.put("y_position", yAfter);
        info.put("distance_from_origin", Math.hypot(xAfter, yAfter));
        info.put("x_velocity", xVelocity);
        info.put("y_velocity", (yAfter - remembered[1]) / dt);
        info.put("forward_reward", forwardReward);
    }

    @Override
    protected void observe(double[] observation) {
        putPositionsAndVelocities(observation, 0, 2);
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addUniformNoise(qvel, RESET_NOISE_SCALE);
    }
}

package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * Reacher-v2: a two-link planar arm that must bring its fingertip to a random target. After gym 0.21's
 * {@code gym/envs/mujoco/reacher.py}.
 *
 * <ul>
 *   <li>Model {@code reacher.xml} (nq = nv = 4: two arm joints, then the target's x and y slides; nu = 2),
 *       frame skip 2, dt = 0.02 s.</li>
 *   <li>Observation (11): cos and sin of the two arm angles, target position qpos[2:4], arm velocities
 *       qvel[0:2], fingertip minus target (3, body positions).</li>
 *   <li>Reward, computed <em>before</em> the action is simulated (as the reference does):
 *       -|fingertip - target| - sum(action^2). Never terminates; the registry's limit is 50 steps.</li>
 *   <li>Reset: qpos0 + U(-0.1, 0.1); then the target is drawn U(-0.2, 0.2)^2 until its norm is below 0.2
 *       and replaces qpos[2:4]; velocities U(-0.005, 0.005) with the target's set to 0.</li>
 * </ul>
 */
public final class ReacherV2 extends MujocoEnv {
    private static final double TARGET_RANGE = 0.2;

    private final int fingertip;
    private final int target;

    public ReacherV2() {
        super("Reacher-v2", "reacher.xml", 2, 11, 1, ContactForcePass.SKIP);
        this.fingertip = sim.bodyId("fingertip");
        this.target = sim.bodyId("target");
    }

    private double fingertipToTarget(int axis) {
        return sim.xpos.get(3 * fingertip + axis) - sim.xpos.get(3 * target + axis);
    }

    /** |fingertip - target|, the reward's distance term for the next step. */
    @Override
    protected void remember(double[] values) {
        double dx = fingertipToTarget(0);
        double dy = fingertipToTarget(1);
        double dz = fingertipToTarget(2);
        values[0] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double ctrlCost = sumOfSquares(action);
        double distance = remembered[0];
        out.reward = -distance - ctrlCost;
        observe(out.observation);
        var info = out.info();
        info.put("reward_dist", -distance);
        info.put("reward_ctrl", -ctrlCost);
    }

    @Override
    protected void observe(double[] observation) {
        double theta0 = sim.qpos.get(0);
        double theta1 = sim.qpos.get(1);
        observation[0] = Math.cos(theta0);
        observation[1] = Math.cos(theta1);
        observation[2] = Math.sin(theta0);
        observation[3] = Math.sin(theta1);
        observation[4] = sim.qpos.get(2);
        observation[5] = sim.qpos.get(3);
        observation[6] = sim.qvel.get(0);
        observation[7] = sim.qvel.get(1);
        for (int axis = 0; axis < 3; axis++) {
            observation[8 + axis] = fingertipToTarget(axis);
        }
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, 0.1);
        double gx;
        double gy;
        do {
            gx = rng.uniform(-TARGET_RANGE, TARGET_RANGE);
            gy = rng.uniform(-TARGET_RANGE, TARGET_RANGE);
        } while (!(Math.hypot(gx, gy) < TARGET_RANGE));
        qpos[2] = gx;
        qpos[3] = gy;
        addUniformNoise(qvel, 0.005);
        qvel[2] = 0.0;
        qvel[3] = 0.0;
    }
}

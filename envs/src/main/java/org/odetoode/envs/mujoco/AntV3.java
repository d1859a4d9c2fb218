package org.odetoode.envs.mujoco;

import org.odetoode.envs.Transition;

/**
 * Ant-v3: a four-legged walker rewarded for moving in +x. After gym 0.21's {@code gym/envs/mujoco/ant_v3.py}
 * with its default keywords.
 *
 * <ul>
 *   <li>Model {@code ant.xml} (nq = 15, nv = 14, nu = 8, 14 bodies), frame skip 5, dt = 0.05 s.</li>
 *   <li>Observation (111): qpos[2:] (13), qvel (14), then cfrc_ext clipped to [-1, 1] (14 bodies x 6).
 *       With {@link ContactForces#OMITTED} only the first 27.</li>
 *   <li>Reward: torso x velocity (body position, xpos, before and after) + 1 - 0.5 * sum(action^2)
 *       - 5e-4 * sum(clipped cfrc_ext^2).</li>
 *   <li>Terminates unless qpos and qvel are all finite and 0.2 &lt;= qpos[2] &lt;= 1.0 (inclusive, as v3). The
 *       healthy reward is paid on the terminating step too (v3; v5 pays it only when healthy).</li>
 *   <li>Reset: qpos0 + U(-0.1, 0.1); qvel = 0.1 * N(0, 1).</li>
 * </ul>
 *
 * <p>Contact forces: gym 0.21 requires {@code mujoco_py>=1.50,<2.0} (its {@code requires.txt}, in the same
 * jar), i.e. MuJoCo 1.5, whose forward pass computed cfrc_ext. Since MuJoCo 2.0 mj_step leaves it uncomputed
 * (zero: the known "Ant contact forces are all zero" issue of later gym and Gymnasium v4). We run
 * {@code mj_rnePostConstraint} after the frames and after each reset or state change, as Gymnasium v5 does,
 * so the forces and the contact cost are real as in v3. Gymnasium v4's {@code use_contact_forces=False}
 * (27 observations, no contact cost) is {@link ContactForces#OMITTED}.
 */
public final class AntV3 extends MujocoEnv {
    private static final double CTRL_COST_WEIGHT = 0.5;
    private static final double CONTACT_COST_WEIGHT = 5e-4;
    private static final double HEALTHY_REWARD = 1.0;
    private static final double MIN_Z = 0.2;
    private static final double MAX_Z = 1.0;
    private static final double CONTACT_FORCE_LIMIT = 1.0;
    private static final double RESET_NOISE_SCALE = 0.1;

    /** Whether the observation and the reward include external contact forces. */
    public enum ContactForces {
        /** 111 observations and the contact cost, as gym v3. */
        OBSERVED,
        /** 27 observations and no contact cost, as Gymnasium v4's {@code use_contact_forces=False}. */
        OMITTED
    }

    private final ContactForces contactForces;
    private final int torso;

    /** Ant-v3 as gym defines it: contact forces observed. */
    public AntV3() {
        this(ContactForces.OBSERVED);
    }

    public AntV3(ContactForces contactForces) {
        super("Ant-v3", "ant.xml", 5, contactForces == ContactForces.OBSERVED ? 111 : 27, 2,
                contactForces == ContactForces.OBSERVED ? ContactForcePass.COMPUTE : ContactForcePass.SKIP);
        this.contactForces = contactForces;
        this.torso = sim.bodyId("torso");
    }

    /** The torso's body position x, y (xpos, as gym's {@code get_body_com}). */
    @Override
    protected void remember(double[] values) {
        values[0] = sim.xpos.get(3 * torso);
        values[1] = sim.xpos.get(3 * torso + 1);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        double xAfter = sim.xpos.get(3 * torso);
        double yAfter = sim.xpos.get(3 * torso + 1);
        double xVelocity = (xAfter - remembered[0]) / dt;
        double yVelocity = (yAfter - remembered[1]) / dt;
        double ctrlCost = CTRL_COST_WEIGHT * sumOfSquares(action);
        double contactCost = 0.0;
        if (contactForces == ContactForces.OBSERVED) {
            for (int i = 0; i < 6 * sim.nbody; i++) {
                double f = clip(sim.cfrcExt.get(i), CONTACT_FORCE_LIMIT);
                contactCost += f * f;
            }
            contactCost *= CONTACT_COST_WEIGHT;
        }
        boolean healthy = isHealthy();
        out.reward = xVelocity + HEALTHY_REWARD - ctrlCost - contactCost;
        out.terminated = !healthy;
        observe(out.observation);
        var info = out.info();
        info.put("reward_forward", xVelocity);
        info.put("reward_ctrl", -ctrlCost);
        info.put("reward_contact", -contactCost);
        info.put("reward_survive", HEALTHY_REWARD);
        info.put("x_position", xAfter);
        info.put("y_position", yAfter);
        info.put("distance_from_origin", Math.hypot(xAfter, yAfter));
        info.put("x_velocity", xVelocity);
        info.put("y_velocity", yVelocity);
        info.put("forward_reward", xVelocity);
    }

    private boolean isHealthy() {
        for (int i = 0; i < sim.nq; i++) {
            if (!Double.isFinite(sim.qpos.get(i))) {
                return false;
            }
        }
        for (int i = 0; i < sim.nv; i++) {
            if (!Double.isFinite(sim.qvel.get(i))) {
                return false;
            }
        }
        double z = sim.qpos.get(2);
        return z >= MIN_Z && z <= MAX_Z;
    }

    @Override
    protected void observe(double[] observation) {
        int next = putPositionsAndVelocities(observation, 0, 2);
        if (contactForces == ContactForces.OBSERVED) {
            for (int i = 0; i < 6 * sim.nbody; i++) {
                observation[next + i] = clip(sim.cfrcExt.get(i), CONTACT_FORCE_LIMIT);
            }
        }
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addGaussianNoise(qvel, RESET_NOISE_SCALE);
    }

    /** Which contact-force variant this instance is. */
    public ContactForces contactForces() {
        return contactForces;
    }
}

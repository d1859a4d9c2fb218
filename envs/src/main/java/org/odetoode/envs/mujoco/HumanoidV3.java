package org.odetoode.envs.mujoco;

import java.nio.DoubleBuffer;
import org.odetoode.envs.Transition;

/**
 * Humanoid-v3: a 3D humanoid rewarded for walking forward without falling. After gym 0.21's
 * {@code gym/envs/mujoco/humanoid_v3.py} with its default keywords.
 *
 * <ul>
 *   <li>Model {@code humanoid.xml} (nq = 24, nv = 23, nu = 17, 14 bodies), frame skip 5, dt = 0.015 s.</li>
 *   <li>Observation (376): qpos[2:] (22), qvel (23), cinert (140), cvel (84), qfrc_actuator (23),
 *       cfrc_ext (84).</li>
 *   <li>Reward: 1.25 * x velocity of the mass-weighted centre of body coms (xipos) + 5
 *       - 0.1 * sum(ctrl^2) - min(5e-7 * sum(cfrc_ext^2), 10). The control cost reads mjData.ctrl after the
 *       step, as v3 does; MuJoCo 2.2.2 clamps only the forces, not ctrl itself, so this is the raw action.</li>
 *   <li>Terminates unless 1 &lt; qpos[2] &lt; 2. The healthy reward is paid on the terminating step too (v3;
 *       v5 pays it only when healthy).</li>
 *   <li>Reset: qpos0 + U(-0.01, 0.01) and U(-0.01, 0.01) velocities, per coordinate.</li>
 * </ul>
 *
 * <p>cfrc_ext is filled by {@code mj_rnePostConstraint} after the frames, for the reason given in
 * {@link AntV3}: gym v3 ran on MuJoCo 1.5, where the forward pass computed it.
 */
public final class HumanoidV3 extends MujocoEnv {
    private static final double FORWARD_REWARD_WEIGHT = 1.25;
    private static final double CTRL_COST_WEIGHT = 0.1;
    private static final double CONTACT_COST_WEIGHT = 5e-7;
    private static final double CONTACT_COST_MAX = 10.0;
    private static final double HEALTHY_REWARD = 5.0;
    private static final double MIN_Z = 1.0;
    private static final double MAX_Z = 2.0;
    private static final double RESET_NOISE_SCALE = 1e-2;

    private final double totalMass;
    private final double[] massCenterAfter = new double[2];

    public HumanoidV3() {
        super("Humanoid-v3", "humanoid.xml", 5, 376, 2, ContactForcePass.COMPUTE);
        double total = 0.0;
        for (int b = 0; b < sim.nbody; b++) {
            total += sim.bodyMass.get(b);
        }
        totalMass = total;
    }

    /** Writes x and y of the mass-weighted mean of the body centres of mass, v3's {@code mass_center}. */
    private void writeMassCenter(double[] into) {
        double x = 0.0;
        double y = 0.0;
        for (int b = 0; b < sim.nbody; b++) {
            double mass = sim.bodyMass.get(b);
            x += mass * sim.xipos.get(3 * b);
            y += mass * sim.xipos.get(3 * b + 1);
        }
        into[0] = x / totalMass;
        into[1] = y / totalMass;
    }

    /** The mass centre's x, y. */
    @Override
    protected void remember(double[] values) {
        writeMassCenter(values);
    }

    @Override
    protected void afterSimulation(double[] action, Transition out) {
        writeMassCenter(massCenterAfter);
        double xVelocity = (massCenterAfter[0] - remembered[0]) / dt;
        double yVelocity = (massCenterAfter[1] - remembered[1]) / dt;
        double ctrlSquares = 0.0;
        for (int i = 0; i < sim.nu; i++) {
            double c = sim.ctrl.get(i);
            ctrlSquares += c * c;
        }
        double ctrlCost = CTRL_COST_WEIGHT * ctrlSquares;
        double forceSquares = 0.0;
        for (int i = 0; i < 6 * sim.nbody; i++) {
            double f = sim.cfrcExt.get(i);
            forceSquares += f * f;
        }
        double contactCost = Math.min(CONTACT_COST_WEIGHT * forceSquares, CONTACT_COST_MAX);
        double forwardReward = FORWARD_REWARD_WEIGHT * xVelocity;
        double z = sim.qpos.get(2);
        out.reward = forwardReward + HEALTHY_REWARD - ctrlCost - contactCost;
        out.terminated = !(z > MIN_Z && z < MAX_Z);
        observe(out.observation);
        var info = out.info();
        info.put("reward_linvel", forwardReward);
        info.put("reward_quadctrl", -ctrlCost);
        info.put("reward_alive", HEALTHY_REWARD);
        info.put("reward_impact", -contactCost);
        info.put("x_position", massCenterAfter[0]);
        info.put("y_position", massCenterAfter[1]);
        info.put("distance_from_origin", Math.hypot(massCenterAfter[0], massCenterAfter[1]));
        info.put("x_velocity", xVelocity);
        info.put("y_velocity", yVelocity);
        info.put("forward_reward", forwardReward);
    }

    @Override
    protected void observe(double[] observation) {
        int next = putPositionsAndVelocities(observation, 0, 2);
        next = copy(sim.cinert, 10 * sim.nbody, observation, next);
        next = copy(sim.cvel, 6 * sim.nbody, observation, next);
        next = copy(sim.qfrcActuator, sim.nv, observation, next);
        copy(sim.cfrcExt, 6 * sim.nbody, observation, next);
    }

    private static int copy(DoubleBuffer from, int n, double[] to, int offset) {
        from.get(0, to, offset, n);
        return offset + n;
    }

    @Override
    protected void resetNoise(double[] qpos, double[] qvel) {
        addUniformNoise(qpos, RESET_NOISE_SCALE);
        addUniformNoise(qvel, RESET_NOISE_SCALE);
    }
}

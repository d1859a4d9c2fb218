package org.odetoode.envs.mujoco;

/**
 * Hopper-v3: a one-legged planar hopper. After gym 0.21's {@code gym/envs/mujoco/hopper_v3.py}; the shared
 * reward, observation and reset are described in {@link PlanarWalkerEnv}.
 *
 * <ul>
 *   <li>Model {@code hopper.xml} (nq = nv = 6, nu = 3), frame skip 4, dt = 0.008 s.</li>
 *   <li>Observation (11): qpos[1:] then clipped qvel.</li>
 *   <li>Healthy (all strict): every value of qpos[2:] and qvel in (-100, 100); height qpos[1] &gt; 0.7;
 *       torso angle qpos[2] in (-0.2, 0.2).</li>
 * </ul>
 */
public final class HopperV3 extends PlanarWalkerEnv {
    private static final double STATE_LIMIT = 100.0;
    private static final double MIN_Z = 0.7;
    private static final double ANGLE_LIMIT = 0.2;

    public HopperV3() {
        super("Hopper-v3", "hopper.xml", 4, 11);
    }

    @Override
    protected boolean isHealthy() {
        for (int i = 2; i < sim.nq; i++) {
            if (!(Math.abs(sim.qpos.get(i)) < STATE_LIMIT)) {
                return false;
            }
        }
        for (int i = 0; i < sim.nv; i++) {
            if (!(Math.abs(sim.qvel.get(i)) < STATE_LIMIT)) {
                return false;
            }
        }
        double z = sim.qpos.get(1);
        double angle = sim.qpos.get(2);
        return z > MIN_Z && angle > -ANGLE_LIMIT && angle < ANGLE_LIMIT;
    }
}

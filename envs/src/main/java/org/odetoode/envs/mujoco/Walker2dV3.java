package org.odetoode.envs.mujoco;

/**
 * Walker2d-v3: a planar biped. After gym 0.21's {@code gym/envs/mujoco/walker2d_v3.py} with the gym-era
 * {@code walker2d.xml} (v5 switched to {@code walker2d_v5.xml} with other friction; we keep v3's model). The
 * shared reward, observation and reset are described in {@link PlanarWalkerEnv}.
 *
 * <ul>
 *   <li>Model {@code walker2d.xml} (nq = nv = 9, nu = 6), frame skip 4, dt = 0.008 s.</li>
 *   <li>Observation (17): qpos[1:] then clipped qvel.</li>
 *   <li>Healthy (strict): height qpos[1] in (0.8, 2.0) and torso angle qpos[2] in (-1, 1).</li>
 * </ul>
 */
public final class Walker2dV3 extends PlanarWalkerEnv {
    private static final double MIN_Z = 0.8;
    private static final double MAX_Z = 2.0;
    private static final double ANGLE_LIMIT = 1.0;

    public Walker2dV3() {
        super("Walker2d-v3", "walker2d.xml", 4, 17);
    }

    @Override
    protected boolean isHealthy() {
        double z = sim.qpos.get(1);
        double angle = sim.qpos.get(2);
        return z > MIN_Z && z < MAX_Z && angle > -ANGLE_LIMIT && angle < ANGLE_LIMIT;
    }
}

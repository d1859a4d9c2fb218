package org.odetoode.envs.classic;

import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Discrete;

/**
 * A car in a valley, too weak to drive straight up the right hill: rock back and forth to reach the flag.
 *
 * <p>Port of Gymnasium's {@code classic_control/mountain_car.py} (Moore, 1990), registered as MountainCar-v0
 * (200 steps, threshold -110).
 * <ul>
 *   <li>Action: Discrete(3); accelerate left, none, right (force (a - 1) * 0.001).</li>
 *   <li>State (float64): [position, velocity]; observation the same, float32.</li>
 *   <li>Dynamics: v += (a - 1) 0.001 - 0.0025 cos(3 x), clipped to [-0.07, 0.07]; x += v, clipped to
 *       [-1.2, 0.6]; at the left wall a negative velocity becomes 0.</li>
 *   <li>Reward -1 per step. Termination: x &gt;= 0.5 and v &gt;= goal velocity (keyword {@code goal-velocity},
 *       default 0).</li>
 *   <li>Initial state: x uniform in [-0.6, -0.4), v = 0.</li>
 * </ul>
 */
public final class MountainCarEnv extends MountainCarBase {
    static final double GOAL_POSITION = 0.5;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    /**
     * @param id the registered id
     * @param goalVelocity the velocity the car must have at the goal
     */
    public MountainCarEnv(String id, double goalVelocity) {
        super(id, new Discrete(3), goalVelocity);
    }

    @Override
    public void step(double[] action, Transition out) {
        startStep(out);
        int a = discreteAction(action, 3);
        double v = velocity + ((a - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY));
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        double x = Math.min(Math.max(position + v, MIN_POSITION), MAX_POSITION);
        if (x == MIN_POSITION && v < 0) {
            v = 0.0;
        }
        position = x;
        velocity = v;
        out.terminated = x >= GOAL_POSITION && v >= goalVelocity;
        out.reward = -1.0;
        observe(out.observation);
    }
}

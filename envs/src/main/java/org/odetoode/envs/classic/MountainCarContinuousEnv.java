package org.odetoode.envs.classic;

import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;

/**
 * The mountain car with a continuous throttle, rewarded for reaching the flag and charged for the throttle used.
 *
 * <p>Port of Gymnasium's {@code classic_control/continuous_mountain_car.py}, registered as
 * MountainCarContinuous-v0 (999 steps, threshold 90).
 * <ul>
 *   <li>Action: Box(-1, 1, (1,), float32); the force is the action clipped to [-1, 1].</li>
 *   <li>State: [position, velocity]; float64 after reset (and after {@link #setState}), stored as float32
 *       after every step. Observation: the same, float32.</li>
 *   <li>Dynamics: v += force 0.0015 - 0.0025 cos(3 x), clipped to [-0.07, 0.07]; x += v, clipped to
 *       [-1.2, 0.6]; at the left wall a negative velocity becomes 0.</li>
 *   <li>Reward: -0.1 a^2 on the <em>raw, unclipped</em> action, plus 100 on the terminating step.
 *       Termination: x &gt;= 0.45 and v &gt;= goal velocity (keyword {@code goal-velocity}, default 0).</li>
 *   <li>Initial state: x uniform in [-0.6, -0.4), v = 0.</li>
 * </ul>
 *
 * <p>Precision: NumPy 2 promotion (NEP 50) makes the step float32 arithmetic once the state is float32 (Python
 * float constants are cast to float32 first), while the first step after reset runs in float64; with
 * {@code action-dtype float32} the force term is float32 too ({@link ActionDtype}). The port follows the same
 * promotion, so it matches the reference bit for bit.
 */
public final class MountainCarContinuousEnv extends MountainCarBase {
    static final double GOAL_POSITION = 0.45;
    static final double POWER = 0.0015;

    private final ActionDtype actionDtype;
    /** True once a step has stored the state as float32; reset and setState leave float64. */
    private boolean float32State;

    /**
     * @param id the registered id
     * @param goalVelocity the velocity the car must have at the goal
     * @param actionDtype how the reference would see the action (keyword {@code action-dtype})
     */
    public MountainCarContinuousEnv(String id, double goalVelocity, ActionDtype actionDtype) {
        super(id, Box.uniform(-1.0, 1.0, 1), goalVelocity);
        this.actionDtype = actionDtype;
    }

    @Override
    void sampleInitialState(Rng rng) {
        super.sampleInitialState(rng);
        float32State = false;
    }

    @Override
    public void step(double[] action, Transition out) {
        startStep(out);
        double a = actionDtype == ActionDtype.FLOAT32 ? (float) boxAction(action) : boxAction(action);
        double gravity = 0.0025 * Math.cos(float32State ? (double) (3f * (float) position) : 3 * position);
        // The reference's min(max(a, -1.0), 1.0) keeps a float32 action a float32 scalar unless a bound replaces it,
        // and NumPy 2 then computes the force term in float32.
        double delta = actionDtype == ActionDtype.FLOAT32 && a >= -1 && a <= 1
                ? (float) a * (float) POWER - (float) gravity
                : Math.min(Math.max(a, -1.0), 1.0) * POWER - gravity;
        boolean terminated = float32State ? stepFloat32(delta) : stepFloat64(delta);
        float32State = true;
        out.terminated = terminated;
        // (a * a) where the reference has math.pow(a, 2): libm's pow may differ by 1 ulp (reward error ~3e-17).
        out.reward = (terminated ? 100.0 : 0.0) - (a * a) * 0.1;
        observe(out.observation);
    }

    /** The rest of the step from a float64 state (right after reset): float64 arithmetic. */
    private boolean stepFloat64(double delta) {
        double v = Math.min(Math.max(velocity + delta, -MAX_SPEED), MAX_SPEED);
        double x = Math.min(Math.max(position + v, MIN_POSITION), MAX_POSITION);
        if (x == MIN_POSITION && v < 0) {
            v = 0.0;
        }
        position = (float) x;
        velocity = (float) v;
        return x >= GOAL_POSITION && v >= goalVelocity;
    }

    /** The rest of the step from a float32 state: float32 arithmetic, Python constants rounded to float32 first. */
    private boolean stepFloat32(double delta) {
        float v = Math.min(Math.max((float) velocity + (float) delta, (float) -MAX_SPEED), (float) MAX_SPEED);
        float x = Math.min(Math.max((float) position + v, (float) MIN_POSITION), (float) MAX_POSITION);
        if (x == (float) MIN_POSITION && v < 0) {
            v = 0.0f;
        }
        position = x;
        velocity = v;
        return x >= (float) GOAL_POSITION && v >= (float) goalVelocity;
    }

    @Override
    void loadState(double[] state) {
        super.loadState(state);
        float32State = false;
    }
}

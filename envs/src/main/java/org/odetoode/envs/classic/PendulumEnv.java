package org.odetoode.envs.classic;

import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;

/**
 * The inverted pendulum swing-up: apply torque to a pendulum on a fixed pivot to swing it up and hold it upright.
 *
 * <p>Port of Gymnasium's {@code classic_control/pendulum.py}, registered as Pendulum-v1 (200 steps, no threshold).
 * <ul>
 *   <li>Action: Box(-2, 2, (1,), float32) torque, clipped to [-2, 2].</li>
 *   <li>State (float64): [theta, theta_dot], theta = 0 upright; observation [cos theta, sin theta, theta_dot],
 *       float32.</li>
 *   <li>Dynamics: semi-implicit Euler with dt 0.05 s, theta_dot clipped to [-8, 8] before theta advances;
 *       m = l = 1, g = 10 by default (keyword {@code g}).</li>
 *   <li>Reward: -(angle_normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2) on the pre-step state and the clipped
 *       torque u.</li>
 *   <li>Precision ({@link ActionDtype}): with a float32 action, NumPy 2 promotion keeps u float32, so
 *       {@code 3 u} and {@code 0.001 u^2} are float32 products added into float64; the port does the same for
 *       {@code action-dtype float32} and computes in float64 for the default {@code float64}.</li>
 *   <li>No termination; initial theta uniform in [-pi, pi), theta_dot in [-1, 1).</li>
 * </ul>
 */
public final class PendulumEnv extends ClassicEnv {
    static final double MAX_SPEED = 8;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double M = 1.0;
    static final double L = 1.0;

    private final double g;
    private final ActionDtype actionDtype;
    private double theta;
    private double thetaDot;

    /**
     * @param id the registered id
     * @param g gravitational acceleration in m/s^2 (the reference's default 10)
     * @param actionDtype how the reference would see the action (keyword {@code action-dtype})
     */
    public PendulumEnv(String id, double g, ActionDtype actionDtype) {
        super(id, new Box(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED}, true),
                Box.uniform(-MAX_TORQUE, MAX_TORQUE, 1), "theta", "theta_dot");
        this.g = g;
        this.actionDtype = actionDtype;
    }

    @Override
    void sampleInitialState(Rng rng) {
        theta = rng.uniform(-Math.PI, Math.PI);
        thetaDot = rng.uniform(-1.0, 1.0);
    }

    @Override
    public void step(double[] action, Transition out) {
        startStep(out);
        double a = boxAction(action);
        double torqueTerm;
        double torqueCost;
        if (actionDtype == ActionDtype.FLOAT32) {
            // NumPy 2 keeps float32 * Python float in float32: the reference's f32 gotcha.
            float u = Math.min(Math.max((float) a, (float) -MAX_TORQUE), (float) MAX_TORQUE);
            torqueTerm = (float) (3.0 / (M * L * L)) * u;
            torqueCost = 0.001f * (u * u);
        } else {
            double u = Math.min(Math.max(a, -MAX_TORQUE), MAX_TORQUE);
            torqueTerm = 3.0 / (M * L * L) * u;
            torqueCost = 0.001 * (u * u);
        }
        double th = theta;
        double thDot = thetaDot;
        double angle = angleNormalize(th);
        double costs = angle * angle + 0.1 * (thDot * thDot) + torqueCost;
        double newThDot = thDot + (3 * g / (2 * L) * Math.sin(th) + torqueTerm) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        theta = th + newThDot * DT;
        thetaDot = newThDot;
        out.reward = -costs;
        observe(out.observation);
    }

    /** Maps an angle to [-pi, pi) with a floor modulo, as the reference's {@code angle_normalize}. */
    static double angleNormalize(double x) {
        double r = (x + Math.PI) % (2 * Math.PI);
        if (r < 0) {
            r += 2 * Math.PI;
        }
        return r - Math.PI;
    }

    @Override
    void observe(double[] observation) {
        observation[0] = (float) Math.cos(theta);
        observation[1] = (float) Math.sin(theta);
        observation[2] = (float) thetaDot;
    }

    @Override
    public double[] getState() {
        return new double[] {theta, thetaDot};
    }

    @Override
    void loadState(double[] state) {
        theta = state[0];
        thetaDot = state[1];
    }
}

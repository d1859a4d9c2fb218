package org.odetoode.envs.classic;

import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Discrete;

/**
 * A pole hinged on a cart that moves along a frictionless track; push the cart left or right to keep the pole up.
 *
 * <p>Port of Gymnasium's {@code classic_control/cartpole.py} (Barto, Sutton and Anderson, 1983), registered as
 * CartPole-v1 (500 steps, threshold 475) and CartPole-v0 (200 steps, threshold 195).
 * <ul>
 *   <li>Action: Discrete(2); 0 pushes with -10 N, 1 with +10 N.</li>
 *   <li>State (float64): [x, x_dot, theta, theta_dot]; observation: the same, float32.</li>
 *   <li>Dynamics: the reference's explicit Euler step with tau 0.02 s (positions advance with the old
 *       velocities).</li>
 *   <li>Reward: 1 every step including the terminating one, 0 for steps after termination
 *       ({@code sutton-barto-reward}: 0 per step, -1 on and after termination).</li>
 *   <li>Termination: |x| &gt; 2.4 or |theta| &gt; 12 degrees.</li>
 *   <li>Initial state: each component uniform in [-0.05, 0.05).</li>
 * </ul>
 */
public final class CartPoleEnv extends ClassicEnv {
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Half the pole's length. */
    static final double LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;

    private final boolean suttonBartoReward;
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    /** Steps taken since the episode terminated; -1 before termination (the reference's None). */
    private int stepsBeyondTerminated = -1;

    /**
     * @param id the registered id
     * @param suttonBartoReward 0 per step and -1 on termination instead of 1 per step
     */
    public CartPoleEnv(String id, boolean suttonBartoReward) {
        super(id, new Box(new double[] {-(float) (X_THRESHOLD * 2), Double.NEGATIVE_INFINITY,
                -(float) (THETA_THRESHOLD * 2), Double.NEGATIVE_INFINITY},
                new double[] {(float) (X_THRESHOLD * 2), Double.POSITIVE_INFINITY,
                        (float) (THETA_THRESHOLD * 2), Double.POSITIVE_INFINITY}, true),
                new Discrete(2), "x", "x_dot", "theta", "theta_dot");
        this.suttonBartoReward = suttonBartoReward;
    }

    @Override
    void sampleInitialState(Rng rng) {
        x = rng.uniform(-0.05, 0.05);
        xDot = rng.uniform(-0.05, 0.05);
        theta = rng.uniform(-0.05, 0.05);
        thetaDot = rng.uniform(-0.05, 0.05);
        stepsBeyondTerminated = -1;
    }

    @Override
    public void step(double[] action, Transition out) {
        startStep(out);
        double force = discreteAction(action, 2) == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Same operation order as the reference, so the float64 results agree bit for bit.
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        if (!terminated) {
            out.reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0;
            out.reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            stepsBeyondTerminated++;
            out.reward = suttonBartoReward ? -1.0 : 0.0;
        }
        out.terminated = terminated;
        observe(out.observation);
    }

    @Override
    void observe(double[] observation) {
        observation[0] = (float) x;
        observation[1] = (float) xDot;
        observation[2] = (float) theta;
        observation[3] = (float) thetaDot;
    }

    @Override
    public double[] getState() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    /** Sets [x, x_dot, theta, theta_dot]; the episode counts as not yet terminated. */
    @Override
    void loadState(double[] state) {
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        stepsBeyondTerminated = -1;
    }
}

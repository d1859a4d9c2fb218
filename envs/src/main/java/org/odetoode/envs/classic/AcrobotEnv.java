package org.odetoode.envs.classic;

import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Discrete;

/**
 * Two links hanging from a fixed pivot with a motor at the joint between them: swing the free end above the bar.
 *
 * <p>Port of Gymnasium's {@code classic_control/acrobot.py} (Sutton, 1996; dynamics from Sutton and Barto's
 * book, the reference's default "book" variant), registered as Acrobot-v1 (500 steps, threshold -100).
 * <ul>
 *   <li>Action: Discrete(3), torque -1, 0 or +1 on the joint (no torque noise).</li>
 *   <li>State: [theta1, theta2, dtheta1, dtheta2]; observation [cos theta1, sin theta1, cos theta2, sin theta2,
 *       dtheta1, dtheta2], float32.</li>
 *   <li>Dynamics: one classic RK4 step over dt = 0.2 s on (theta1, theta2, dtheta1, dtheta2, torque); then the
 *       angles wrap into [-pi, pi] and the velocities are clipped to 4 pi and 9 pi.</li>
 *   <li>Reward -1 per step, 0 on the terminating step. Termination: -cos theta1 - cos(theta1 + theta2) &gt; 1.</li>
 *   <li>Initial state: each component uniform in [-0.1, 0.1), rounded to float32 as the reference stores it.</li>
 * </ul>
 *
 * <p>sin, cos and the squares of float64 values ({@code x**2}, which NumPy hands to the C library's pow) come from
 * {@link CLibraryMath}, as the reference's do: the double pendulum is chaotic, and Java's own functions, which
 * round about 0.2 % of arguments differently, made 3 of 64 reference episodes drift apart in their observations
 * (from step 410 on, by up to 9.5e-6) and left 56 of the 64 final float64 states different; on 500 more (seeds
 * 2000-2499) one observation ended 8.5 away. With CLibraryMath all 564 match bit for bit.
 */
public final class AcrobotEnv extends ClassicEnv {
    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    static final double G = 9.8;
    private static final double[] AVAILABLE_TORQUE = {-1.0, 0.0, 1.0};

    private final double[] state = new double[4];
    // RK4 scratch: (theta1, theta2, dtheta1, dtheta2) and four stages; the torque is constant over the step.
    private final double[] y = new double[4];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];

    public AcrobotEnv(String id) {
        super(id, new Box(new double[] {-1, -1, -1, -1, -(float) MAX_VEL_1, -(float) MAX_VEL_2},
                new double[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2}, true),
                new Discrete(3), "theta1", "theta2", "dtheta1", "dtheta2");
    }

    @Override
    void sampleInitialState(Rng rng) {
        for (int i = 0; i < 4; i++) {
            state[i] = (float) rng.uniform(-0.1, 0.1);
        }
    }

    @Override
    public void step(double[] action, Transition out) {
        startStep(out);
        double torque = AVAILABLE_TORQUE[discreteAction(action, 3)];
        double dt2 = DT / 2.0;
        derivatives(state, torque, k1);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + dt2 * k1[i];
        }
        derivatives(y, torque, k2);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + dt2 * k2[i];
        }
        derivatives(y, torque, k3);
        for (int i = 0; i < 4; i++) {
            y[i] = state[i] + DT * k3[i];
        }
        derivatives(y, torque, k4);
        for (int i = 0; i < 4; i++) {
            state[i] = state[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        state[0] = wrap(state[0], -Math.PI, Math.PI);
        state[1] = wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.min(Math.max(state[2], -MAX_VEL_1), MAX_VEL_1);
        state[3] = Math.min(Math.max(state[3], -MAX_VEL_2), MAX_VEL_2);

        double cos1 = CLibraryMath.cos(state[0]); // the termination test's and the observation's: one call
        boolean terminated = -cos1 - CLibraryMath.cos(state[1] + state[0]) > 1.0;
        out.terminated = terminated;
        out.reward = terminated ? 0.0 : -1.0;
        observe(out.observation, cos1);
    }

    /**
     * The book dynamics: writes d/dt of (theta1, theta2, dtheta1, dtheta2) in the reference's operation order; its
     * {@code dtheta2**2}, {@code dtheta1**2} and {@code d2**2} are C pow calls, which misround 0.09 % of squares.
     */
    private static void derivatives(double[] s, double a, double[] out) {
        final double m1 = LINK_MASS_1;
        final double m2 = LINK_MASS_2;
        final double l1 = LINK_LENGTH_1;
        final double lc1 = LINK_COM_POS_1;
        final double lc2 = LINK_COM_POS_2;
        final double i1 = LINK_MOI;
        final double i2 = LINK_MOI;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double cos2 = CLibraryMath.cos(theta2);
        double sin2 = CLibraryMath.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * G * CLibraryMath.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * CLibraryMath.pow(dtheta2, 2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * G * CLibraryMath.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * CLibraryMath.pow(dtheta1, 2) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - CLibraryMath.pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Wraps {@code x} into [m, M] by whole turns, as the reference's while-loop {@code wrap}. */
    static double wrap(double x, double m, double max) {
        if (!Double.isFinite(x)) {
            return x; // the reference would loop forever on an infinite angle
        }
        double diff = max - m;
        while (x > max) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    @Override
    void observe(double[] observation) {
        observe(observation, CLibraryMath.cos(state[0]));
    }

    private void observe(double[] observation, double cos1) {
        observation[0] = (float) cos1;
        observation[1] = (float) CLibraryMath.sin(state[0]);
        observation[2] = (float) CLibraryMath.cos(state[1]);
        observation[3] = (float) CLibraryMath.sin(state[1]);
        observation[4] = (float) state[2];
        observation[5] = (float) state[3];
    }

    @Override
    public double[] getState() {
        return state.clone();
    }

    @Override
    void loadState(double[] s) {
        System.arraycopy(s, 0, state, 0, 4);
    }
}

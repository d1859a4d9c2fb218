package org.odetoode.modules.diagnostics;

/**
 * The scalar reference system of D5 and D6 (research note §1b): x_{t+1} = θ x_t (1 − x_t), x_0 = 0.2, fitted to the
 * orbit of θ* by V(θ) = (1/N) Σ_{t=1..N} (x_t(θ) − x_t(θ*))². Chaotic θ* = 3.9 (λ ≈ 0.5) gives max|dV/dθ| on
 * θ* ± 0.02 growing like e^{2λN}; θ* = 2.8 (a stable fixed point) stays near 1e-3 for every N.
 * dV/dθ is exact, by forward-mode tangents dx_{t+1}/dθ = x_t(1 − x_t) + θ(1 − 2x_t) dx_t/dθ.
 */
public final class LogisticMap {
    /** x_0 of the note. */
    public static final double X0 = 0.2;

    private LogisticMap() {
    }

    /** dV/dθ at θ for target parameter θ* and N steps. */
    public static double slope(double theta, double thetaStar, int steps) {
        double x = X0;
        double y = X0;
        double dx = 0.0;
        double s = 0.0;
        for (int t = 0; t < steps; t++) {
            dx = x * (1 - x) + theta * (1 - 2 * x) * dx;
            x = theta * x * (1 - x);
            y = thetaStar * y * (1 - y);
            s += 2 * (x - y) * dx;
        }
        return s / steps;
    }

    /** max |dV/dθ| over {@code points} uniform θ in [θ* − halfWidth, θ* + halfWidth]. */
    public static double maxSlope(double thetaStar, int steps, double halfWidth, int points) {
        double max = 0.0;
        for (double th : LossSlice.grid(thetaStar - halfWidth, thetaStar + halfWidth, points)) {
            max = Math.max(max, Math.abs(slope(th, thetaStar, steps)));
        }
        return max;
    }

    /** The Lyapunov exponent (1/n) Σ ln|θ(1 − 2x_t)| after {@code burnIn} steps: ln 2 at θ = 4, ≈ 0.5 at 3.9. */
    public static double lyapunov(double theta, int burnIn, int steps) {
        double x = X0;
        for (int t = 0; t < burnIn; t++) {
            x = theta * x * (1 - x);
        }
        double s = 0.0;
        for (int t = 0; t < steps; t++) {
            s += Math.log(Math.abs(theta * (1 - 2 * x)));
            x = theta * x * (1 - x);
        }
        return s / steps;
    }
}

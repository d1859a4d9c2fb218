package org.odetoode.modules.diagnostics;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * A network unrolled along its depth as a chain of maps x_{k+1} = F_k(x_k), linearised: the states x_0 .. x_N, the
 * step Jacobians J_k = ∂x_{k+1}/∂x_k, and (when a loss was given) the adjoints a_k = ∂L/∂x_k.
 *
 * @param states x_0 .. x_N
 * @param stepJacobians J_0 .. J_{N−1}
 * @param adjoints a_0 .. a_N, or null
 * @param stepSize time per step h (T/N for a flow, 1 for a discrete chain), used to turn per-step rates into rates
 *     per unit time
 */
public record Chain(double[][] states, RealMatrix[] stepJacobians, double[][] adjoints, double stepSize) {

    /** Number of steps N. */
    public int steps() {
        return stepJacobians.length;
    }

    /** Φ_k = ∂x_k/∂x_0 = J_{k−1} ⋯ J_0 for k = 0..N (Φ_0 = I). */
    public RealMatrix[] forwardProducts() {
        RealMatrix[] phi = new RealMatrix[steps() + 1];
        phi[0] = MatrixUtils.createRealIdentityMatrix(states[0].length);
        for (int k = 0; k < steps(); k++) {
            phi[k + 1] = stepJacobians[k].multiply(phi[k]);
        }
        return phi;
    }

    /** Ψ_k = ∂x_N/∂x_k = J_{N−1} ⋯ J_k for k = 0..N (Ψ_N = I). */
    public RealMatrix[] backwardProducts() {
        int n = steps();
        RealMatrix[] psi = new RealMatrix[n + 1];
        psi[n] = MatrixUtils.createRealIdentityMatrix(states[n].length);
        for (int k = n - 1; k >= 0; k--) {
            psi[k] = psi[k + 1].multiply(stepJacobians[k]);
        }
        return psi;
    }

    /** A chain of linear maps x_{k+1} = M_k x_k from x_0, with no loss (h = 1). */
    public static Chain linear(double[] x0, RealMatrix[] maps) {
        double[][] xs = new double[maps.length + 1][];
        xs[0] = x0.clone();
        for (int k = 0; k < maps.length; k++) {
            xs[k + 1] = maps[k].operate(xs[k]);
        }
        return new Chain(xs, maps.clone(), null, 1.0);
    }
}

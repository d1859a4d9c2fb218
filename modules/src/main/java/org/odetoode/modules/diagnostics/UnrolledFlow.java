package org.odetoode.modules.diagnostics;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Gradients;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.solve.Tableau;

/**
 * One input pushed through an {@link OdeNetwork} and back: the network's own reverse pass (states x_k, adjoints
 * a_k = ∂L/∂x_k, dL/dθ), plus what the diagnostics need and the network keeps private, rebuilt from its public API
 * (weight grid, tableau, activation, bias block):
 * <ul>
 *   <li>the step Jacobians J_k = ∂x_{k+1}/∂x_k, by forward-mode tangents through the Runge-Kutta stages
 *       (J_k = I + h·D_kW_k for Euler, D_k = diag f'(W_k x_k + b));</li>
 *   <li>the pre-activations z_k = W(t_k)x_k + b of each step's first stage (D2, D8);</li>
 *   <li>∂L/∂W_j at every weight-grid point j: the gradient with respect to the weights the main flow reads, before
 *       it flows into the parameter flow ("‖∂L/∂θ_k‖" of D3 and D8 with θ_k = W_k).</li>
 * </ul>
 * Research note: shared/research/gradient-diagnostics.md, §3 (D1-D3, D8).
 */
public final class UnrolledFlow {
    private final OdeNetwork net;
    private final double loss;
    private final Gradients gradients;
    private final Chain chain;
    private final double[][] preActivations;
    private final double[][] weightGradients;
    private final double[][] weights;

    private UnrolledFlow(OdeNetwork net, double loss, Gradients gradients, Chain chain, double[][] preActivations,
            double[][] weightGradients) {
        this.net = net;
        this.weights = new double[net.weightGridPoints()][];
        for (int j = 0; j < weights.length; j++) {
            weights[j] = net.weights(j).clone();
        }
        this.loss = loss;
        this.gradients = gradients;
        this.chain = chain;
        this.preActivations = preActivations;
        this.weightGradients = weightGradients;
    }

    /** Unrolls {@code net} at its current parameters around input {@code in} for loss {@code lossFunction}. */
    public static UnrolledFlow of(OdeNetwork net, double[] in, Loss lossFunction) {
        double[] out = new double[net.outputSize()];
        net.forward(in, out);
        Gradients g = net.gradient(in, lossFunction.gradient(out));
        int d = net.width();
        int steps = net.steps();
        double h = net.horizon() / steps;
        Tableau tab = net.tableau();
        int stages = tab.stages();
        int res = tab.gridResolution();
        Activation f = net.activation();
        double[] params = net.parameters();
        ParameterBlock bias = net.parameterBlocks().stream().filter(b -> b.name().equals("bias")).findFirst()
                .orElse(null);

        RealMatrix[] jac = new RealMatrix[steps];
        double[][] pre = new double[steps][];
        double[][] gw = new double[net.weightGridPoints()][d * d];
        double[][] y = new double[stages][d];
        double[][] z = new double[stages][d];
        double[][] k = new double[stages][d];
        double[][][] dk = new double[stages][d][d];
        double[][] dy = new double[d][d];
        for (int s = 0; s < steps; s++) {
            double[] xs = g.states()[s];
            int bOff = bias == null ? -1
                    : bias.offset() + (net.biasMode() == OdeNetwork.BiasMode.PER_STEP ? s * d : 0);
            for (int i = 0; i < stages; i++) {
                double[] w = net.weights(s * res + tab.gridOffset(i));
                // Stage input Y_i = x + h Σ a_ij K_j and its tangent dY_i = I + h Σ a_ij dK_j.
                System.arraycopy(xs, 0, y[i], 0, d);
                resetToIdentity(dy);
                for (int j = 0; j < i; j++) {
                    double ha = h * tab.a(i, j);
                    if (ha != 0.0) {
                        for (int r = 0; r < d; r++) {
                            y[i][r] += ha * k[j][r];
                            for (int c = 0; c < d; c++) {
                                dy[r][c] += ha * dk[j][r][c];
                            }
                        }
                    }
                }
                for (int r = 0; r < d; r++) {
                    double acc = bOff < 0 ? 0.0 : params[bOff + r];
                    for (int c = 0; c < d; c++) {
                        acc += w[r * d + c] * y[i][c];
                    }
                    z[i][r] = acc;
                    k[i][r] = f.apply(acc);
                }
                // dK_i = diag f'(z_i) · W_i · dY_i
                for (int r = 0; r < d; r++) {
                    double fp = f.derivative(z[i][r], k[i][r]);
                    for (int c = 0; c < d; c++) {
                        double acc = 0.0;
                        for (int m = 0; m < d; m++) {
                            acc += w[r * d + m] * dy[m][c];
                        }
                        dk[i][r][c] = fp * acc;
                    }
                }
            }
            pre[s] = z[0].clone();
            double[][] js = identity(d);
            for (int i = 0; i < stages; i++) {
                double hb = h * tab.b(i);
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        js[r][c] += hb * dk[i][r][c];
                    }
                }
            }
            jac[s] = MatrixUtils.createRealMatrix(js);
            accumulateWeightGradients(net, s, g.stateAdjoints()[s + 1], y, z, k, gw);
        }
        Chain chain = new Chain(g.states(), jac, g.stateAdjoints(), h);
        return new UnrolledFlow(net, lossFunction.value(out), g, chain, pre, gw);
    }

    /**
     * Reverse mode through the stages of step s only, seeded with a_{s+1}: the stage cotangents K̄_i = h b_i a_{s+1}
     * + h Σ_{j>i} a_ji Ȳ_j give ∂L/∂W at stage i as (f'(z_i) ⊙ K̄_i) Y_iᵀ.
     */
    private static void accumulateWeightGradients(OdeNetwork net, int s, double[] aNext, double[][] y,
            double[][] z, double[][] k, double[][] gw) {
        Tableau tab = net.tableau();
        int d = net.width();
        int stages = tab.stages();
        double h = net.horizon() / net.steps();
        double[][] kbar = new double[stages][d];
        for (int i = 0; i < stages; i++) {
            for (int r = 0; r < d; r++) {
                kbar[i][r] = h * tab.b(i) * aNext[r];
            }
        }
        double[] v = new double[d];
        for (int i = stages - 1; i >= 0; i--) {
            int j0 = s * tab.gridResolution() + tab.gridOffset(i);
            double[] w = net.weights(j0);
            double[] ybar = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = net.activation().derivative(z[i][r], k[i][r]) * kbar[i][r];
                for (int c = 0; c < d; c++) {
                    gw[j0][r * d + c] += v[r] * y[i][c];
                    ybar[c] += w[r * d + c] * v[r];
                }
            }
            for (int j = 0; j < i; j++) {
                double ha = h * tab.a(i, j);
                for (int r = 0; r < d; r++) {
                    kbar[j][r] += ha * ybar[r];
                }
            }
        }
    }

    private static double[][] identity(int d) {
        double[][] m = new double[d][d];
        resetToIdentity(m);
        return m;
    }

    private static void resetToIdentity(double[][] m) {
        for (int r = 0; r < m.length; r++) {
            java.util.Arrays.fill(m[r], 0.0);
            m[r][r] = 1.0;
        }
    }

    /** The network (its parameters may have changed since). */
    public OdeNetwork network() {
        return net;
    }

    /** W_j at weight-grid point j, as unrolled (row-major d×d). */
    public double[] weights(int j) {
        return weights[j];
    }

    /** L at the output. */
    public double loss() {
        return loss;
    }

    /** The network's reverse pass: dL/dθ, dL/dinput, states, adjoints. */
    public Gradients gradients() {
        return gradients;
    }

    /** States, step Jacobians and adjoints as a chain. */
    public Chain chain() {
        return chain;
    }

    /** z_k = W(t_k) x_k + b, the first-stage pre-activation of step k = 0..N−1. */
    public double[][] preActivations() {
        return preActivations;
    }

    /** ∂L/∂W_j at weight-grid point j (row-major d×d), j = 0 .. weightGridPoints − 1. */
    public double[][] weightGradients() {
        return weightGradients;
    }

    /**
     * The weight-grid points j that belong to steps [from, to); the final grid point belongs to the last step when a
     * stage reads it (c_i = 1, as in RK4), and to no step otherwise (Euler).
     */
    private int[] gridRange(int from, int to) {
        Tableau tab = net.tableau();
        int res = tab.gridResolution();
        int end = to == net.steps() && tab.readsStepEnd() ? net.weightGridPoints() : to * res;
        return new int[] {from * res, end};
    }

    /** ‖∂L/∂(W_j, j in steps [from, to))‖_F: the gradient with respect to that block of the weight path. */
    public double weightGradientNorm(int from, int to) {
        int[] r = gridRange(from, to);
        double s = 0.0;
        for (int j = r[0]; j < r[1]; j++) {
            for (double v : weightGradients[j]) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** ‖(W_j, j in steps [from, to))‖_F. */
    public double weightNorm(int from, int to) {
        int[] r = gridRange(from, to);
        double s = 0.0;
        for (int j = r[0]; j < r[1]; j++) {
            for (double v : weights[j]) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }
}

package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.OdeNetwork;

/** D1 against the closed forms of gradient-diagnostics.md §2-3, and the unrolled flow against the reverse mode. */
class JacobianSpectrumTest {

    @ParameterizedTest(name = "W = {0}")
    @ValueSource(doubles = {1.0, -1.0})
    void scalarIdentityFlowHasGainExpPlusMinusT(double w) {
        double gain = Counterexamples.scalarGain(w, 10.0);
        double expected = Math.exp(10.0 * w);
        assertEquals(expected, gain, 1e-6 * expected);
        if (w < 0) {
            assertEquals(4.54e-5, gain, 0.005e-5);
        }
    }

    @ParameterizedTest(name = "theta = {0}")
    @ValueSource(doubles = {0.0, Math.PI / 3, Math.PI / 2, 2.0, Math.PI})
    void rotationHasGainExpTCosTheta(double theta) {
        double[] sv = Counterexamples.rotationGain(theta, 2.0);
        double expected = Math.exp(2.0 * Math.cos(theta));
        assertEquals(expected, sv[0], 1e-6 * expected);
        assertEquals(expected, sv[1], 1e-6 * expected);
    }

    /** x_{k+1} = Q_k x_k with Haar Q_k. */
    static Chain orthogonalChain(int d, int steps, long seed) {
        Random rng = new Random(seed);
        RealMatrix[] maps = new RealMatrix[steps];
        for (int k = 0; k < steps; k++) {
            double[] q = Matrices.haarOrthogonal(d, rng);
            double[][] m = new double[d][d];
            for (int r = 0; r < d; r++) {
                System.arraycopy(q, r * d, m[r], 0, d);
            }
            maps[k] = MatrixUtils.createRealMatrix(m);
        }
        double[] x0 = new double[d];
        for (int i = 0; i < d; i++) {
            x0[i] = rng.nextGaussian();
        }
        return Chain.linear(x0, maps);
    }

    @Test
    void orthogonalLinearChainKeepsEverySingularValueAndGscAtOne() {
        Chain chain = orthogonalChain(8, 50, 3);
        JacobianSpectrum s = JacobianSpectrum.of(chain);
        for (double[] sv : s.singularValues()) {
            for (double v : sv) {
                assertEquals(1.0, v, 1e-12);
            }
        }
        for (double g : GradientScale.gscToEnd(chain)) {
            assertEquals(1.0, g, 1e-12);
        }
    }

    @Test
    void gaussianChainExplodesInSpectrumButNotInGsc() {
        // Research note §1c: a Gaussian linear chain with σ_w² = 4 keeps GSC near 1 while σ_max explodes.
        Random rng = new Random(5);
        int d = 40;
        RealMatrix[] maps = new RealMatrix[50];
        for (int k = 0; k < maps.length; k++) {
            double[][] m = new double[d][d];
            for (double[] row : m) {
                for (int c = 0; c < d; c++) {
                    row[c] = 2.0 / Math.sqrt(d) * rng.nextGaussian();
                }
            }
            maps[k] = MatrixUtils.createRealMatrix(m);
        }
        double[] x0 = new double[d];
        x0[0] = 1.0;
        Chain chain = Chain.linear(x0, maps);
        assertTrue(JacobianSpectrum.of(chain).finalMaxGain() > 1e12);
        double gsc = GradientScale.gscToEnd(chain)[0];
        assertTrue(gsc > 0.3 && gsc < 3, "GSC " + gsc);
    }

    /** The product of the unrolled step Jacobians equals ∂x_N/∂x_0 from d reverse passes, for every tableau. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"euler", "midpoint", "rk4"})
    void stepJacobiansMatchTheReverseMode(String solver) {
        int d = 4;
        OdeNetwork net = Counterexamples.identityProjected("odetoode", d, Map.of("d", "4", "steps", "7", "T", "1.5",
                "solver", solver, "bias", "true", "seed", "2"));
        double[] p = net.parameters();
        Random rng = new Random(1);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * rng.nextGaussian();
        }
        net.setParameters(p);
        Counterexamples.setBlock(net, "in.W", Matrices.identity(d));
        Counterexamples.setBlock(net, "in.b", new double[d]);
        Counterexamples.setBlock(net, "out.W", Matrices.identity(d));
        Counterexamples.setBlock(net, "out.b", new double[d]);
        double[] x0 = {0.3, -0.2, 0.5, 0.1};
        RealMatrix phi = UnrolledFlow.of(net, x0, Loss.quadratic(new double[d])).chain().forwardProducts()[7];
        for (int r = 0; r < d; r++) {
            double[] e = new double[d];
            e[r] = 1.0;
            double[] row = net.gradient(x0, e).input();
            for (int c = 0; c < d; c++) {
                assertEquals(row[c], phi.getEntry(r, c), 1e-12, "entry " + r + "," + c);
            }
        }
    }

    /** For BaseODE every grid point reads the same W, so the per-point gradients must sum to dL/d(flow.W). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"euler", "rk4"})
    void weightGradientsSumToTheConstantWeightGradient(String solver) {
        OdeNetwork net = Counterexamples.identityProjected("baseode", 3, Map.of("d", "3", "steps", "6", "T", "2",
                "solver", solver, "bias", "true", "seed", "4"));
        UnrolledFlow flow = UnrolledFlow.of(net, new double[] {0.4, -0.7, 0.2}, Loss.quadratic(new double[] {1, 0, 0}));
        double[] sum = new double[9];
        for (double[] g : flow.weightGradients()) {
            for (int i = 0; i < 9; i++) {
                sum[i] += g[i];
            }
        }
        int off = Counterexamples.block(net, "flow.W").offset();
        for (int i = 0; i < 9; i++) {
            assertEquals(flow.gradients().parameters()[off + i], sum[i], 1e-12);
        }
    }

    @Test
    void adjointScoreIsTheRatioOfQuantiles() {
        assertEquals(1.0, JacobianSpectrum.adjointScore(new double[] {2, 2, 2}), 0.0);
        double[] norms = new double[101];
        for (int i = 0; i <= 100; i++) {
            norms[i] = 1 + i;
        }
        assertEquals(96.0 / 6.0, JacobianSpectrum.adjointScore(norms), 1e-12);
    }
}

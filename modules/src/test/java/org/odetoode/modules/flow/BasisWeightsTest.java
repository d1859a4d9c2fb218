package org.odetoode.modules.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/** NANODE's W(t) = Σ_k φ_k(t) A_k against closed forms, BaseODE and the ResNet it reduces to. */
class BasisWeightsTest {
    private static final double[] OBS = {0.3, -0.7, 1.1};
    private static final double[] C = {1.0, -0.5};

    static Stream<Arguments> basesAndSolvers() {
        List<Arguments> cases = new ArrayList<>();
        for (String basis : List.of("piecewise", "fourier", "polynomial")) {
            for (String solver : List.of("euler", "midpoint", "rk4")) {
                cases.add(Arguments.of(basis, solver));
            }
        }
        return cases.stream();
    }

    private static Network network(String policy, Map<String, String> hp) {
        Map<String, String> all = new HashMap<>(hp);
        all.put("d", "4");
        all.put("steps", "6");
        all.put("T", "1.3");
        return Policies.network(policy, OBS.length, C.length, all);
    }

    private static void perturb(Network net, long seed) {
        double[] p = net.parameters();
        Random rng = new Random(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * rng.nextGaussian();
        }
        net.setParameters(p);
    }

    private static double[] output(Network net) {
        double[] out = new double[C.length];
        net.forward(OBS, out);
        return out;
    }

    /** Same outputs and gradients, bit for bit, at the same parameter vector. */
    private static void assertSameFunction(Network expected, Network actual, String what) {
        assertEquals(expected.parameterCount(), actual.parameterCount(), what + ": parameter count");
        actual.setParameters(expected.parameters());
        assertArrayEquals(output(expected), output(actual), 0.0, what + ": output");
        assertArrayEquals(expected.gradient(OBS, C).parameters(), actual.gradient(OBS, C).parameters(), 0.0,
                what + ": gradient");
    }

    /** Every basis has φ_0 ≡ 1 when K = 1, so W = A_0 for all t: BaseODE with W = A_0, on every solver. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("basesAndSolvers")
    void oneBasisFunctionIsBaseOde(String basis, String solver) {
        Network base = network("baseode", Map.of("solver", solver, "bias", "true"));
        perturb(base, 3);
        Network nanode = network("nanode", Map.of("basis", basis, "basis-size", "1", "solver", solver, "bias", "true"));
        assertSameFunction(base, nanode, basis + " K=1 " + solver);
    }

    /** One block per Euler step is one weight matrix per layer: the ResNet, whose biases are switched off. */
    @ParameterizedTest(name = "activation {0}")
    @ValueSource(strings = {"tanh", "relu"})
    void piecewiseWithABlockPerStepIsResNetWithoutBiases(String activation) {
        Network resnet = network("resnet", Map.of("bias", "false", "activation", activation));
        perturb(resnet, 5);
        Network nanode = network("nanode", Map.of("basis", "piecewise", "basis-size", "6", "activation", activation));
        assertSameFunction(resnet, nanode, "piecewise K=N");
    }

    /** W(t) = H for every t at the start: the initial network is BaseODE's of the same seed. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"piecewise", "fourier", "polynomial"})
    void startsAsBaseOde(String basis) {
        Network base = network("baseode", Map.of("seed", "9"));
        Network nanode = network("nanode", Map.of("basis", basis, "basis-size", "3", "seed", "9"));
        assertArrayEquals(output(base), output(nanode), 0.0);
        OdeNetwork ode = (OdeNetwork) nanode;
        for (int j = 0; j < ode.weightGridPoints(); j++) {
            assertArrayEquals(((OdeNetwork) base).weights(0), ode.weights(j), 0.0, "W at grid point " + j);
        }
    }

    /**
     * The grid against the closed forms of K = 2 and 3 at the ends and middle of [0, T]: a cosine series gives
     * W(0) = A_0 + A_1 + A_2, W(T/2) = A_0 − A_2, W(T) = A_0 − A_1 + A_2; Legendre polynomials (P_1 = x,
     * P_2 = (3x² − 1)/2 at x = 2t/T − 1) give A_0 − A_1 + A_2, A_0 − A_2 / 2, A_0 + A_1 + A_2.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fourier", "polynomial"})
    void smoothBasesMatchTheirClosedForms(String basis) {
        OdeNetwork net = (OdeNetwork) network("nanode", Map.of("basis", basis, "basis-size", "3", "solver", "rk4"));
        perturb(net, 11);
        double[][] a = coefficients(net, 3);
        int last = net.weightGridPoints() - 1; // 12 grid intervals: t = T/2 at point 6
        double[][] expected = basis.equals("fourier")
                ? new double[][] {combine(a, 1, 1, 1), combine(a, 1, 0, -1), combine(a, 1, -1, 1)}
                : new double[][] {combine(a, 1, -1, 1), combine(a, 1, 0, -0.5), combine(a, 1, 1, 1)};
        int[] points = {0, last / 2, last};
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(expected[i], net.weights(points[i]), 1e-14, basis + " W at grid point " + points[i]);
        }
    }

    /** Point j of the grid is in block ⌊j·K/M⌋ of M intervals, exactly, whatever j·dt rounds to. */
    @Test
    void piecewiseBlocksSplitTheGridEvenly() {
        BasisWeights three = new BasisWeights(2, BasisWeights.Basis.PIECEWISE, 3, 1.3, new double[4]);
        assertBlocks(three, 6, new int[] {0, 0, 1, 1, 2, 2, 2});
        // T = 1.3 over 11 intervals: (1.3/11)/1.3·11 is 0.9999999999999999 in floating point, yet point 1 opens block 1.
        BasisWeights eleven = new BasisWeights(2, BasisWeights.Basis.PIECEWISE, 11, 1.3, new double[4]);
        assertBlocks(eleven, 11, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10});
    }

    private static void assertBlocks(BasisWeights w, int intervals, int[] block) {
        double[] phi = new double[w.size()];
        for (int j = 0; j <= intervals; j++) {
            w.basisAt(j, 1.3 / intervals, phi);
            double[] expected = new double[w.size()];
            expected[block[j]] = 1.0;
            assertArrayEquals(expected, phi, 0.0, "point " + j + " of " + intervals);
        }
    }

    @Test
    void theLegendreBasisIsTheClosedFormCubic() {
        BasisWeights w = new BasisWeights(2, BasisWeights.Basis.POLYNOMIAL, 4, 2.0, new double[4]);
        double[] phi = new double[4];
        for (int j = 0; j <= 8; j++) {
            w.basisAt(j, 0.25, phi);
            double x = 2.0 * (j * 0.25) / 2.0 - 1.0;
            assertArrayEquals(new double[] {1.0, x, (3 * x * x - 1) / 2, (5 * x * x * x - 3 * x) / 2}, phi, 1e-15,
                    "point " + j);
        }
    }

    @Test
    void parameterCountIsKMatricesAndTheBlockNamesTheBasis() {
        Network net = network("nanode", Map.of());
        ParameterBlock flow = net.parameterBlocks().get(2);
        assertEquals("flow.A[fourier 4]", flow.name());
        assertEquals(4 * 16, flow.length());
        assertEquals(network("baseode", Map.of()).parameterCount() + 3 * 16, net.parameterCount());
    }

    @Test
    void anUnknownBasisIsNamedWithTheChoices() {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> network("nanode", Map.of("basis", "fourrier")));
        assertEquals("basis", e.parameter());
        assertEquals("Invalid basis `fourrier`: expected one of [piecewise, fourier, polynomial]", e.getMessage());
    }

    @Test
    void moreBlocksThanStepsAreRefused() {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> network("nanode", Map.of("basis", "piecewise", "basis-size", "7")));
        assertEquals("basis-size", e.parameter());
        assertEquals("Invalid basis-size `7`: expected at most steps (6) for the piecewise basis, one block per step"
                + " or fewer", e.getMessage());
        InvalidHyperparameterException zero = assertThrows(InvalidHyperparameterException.class,
                () -> network("nanode", Map.of("basis-size", "0")));
        assertEquals("basis-size", zero.parameter());
        assertTrue(network("nanode", Map.of("basis", "fourier", "basis-size", "7")).parameterCount() > 0,
                "smooth bases take any K");
    }

    /** A_0 .. A_{K−1} from the parameter vector. */
    private static double[][] coefficients(OdeNetwork net, int k) {
        ParameterBlock flow = net.parameterBlocks().get(2);
        double[] p = net.parameters();
        int dd = net.width() * net.width();
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = java.util.Arrays.copyOfRange(p, flow.offset() + i * dd, flow.offset() + (i + 1) * dd);
        }
        return a;
    }

    private static double[] combine(double[][] a, double... c) {
        double[] w = new double[a[0].length];
        for (int k = 0; k < c.length; k++) {
            for (int i = 0; i < w.length; i++) {
                w[i] += c[k] * a[k][i];
            }
        }
        return w;
    }
}

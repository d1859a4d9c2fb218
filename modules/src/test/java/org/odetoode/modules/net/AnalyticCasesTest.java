package org.odetoode.modules.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.policy.Policies;

/**
 * Closed-form cases from shared/research/gradient-diagnostics.md, computed through the networks' own reverse mode.
 */
class AnalyticCasesTest {

    static Stream<Arguments> flowsAndSolvers() {
        List<Map<String, String>> flows = List.of(Map.of("flow", "iso"), Map.of("flow", "constant"),
                Map.of("flow", "gated", "hidden", "4"), Map.of("flow", "iso", "stepper", "cayley"),
                Map.of("flow", "constant", "stepper", "cayley"), Map.of("flow", "gated", "stepper", "euler"));
        List<Arguments> cases = new ArrayList<>();
        for (String solver : List.of("euler", "midpoint", "rk4")) {
            for (Map<String, String> flow : flows) {
                cases.add(Arguments.of("odetoode", flow, solver));
            }
            cases.add(Arguments.of("odetoode-unrestricted", Map.of("flow", "iso"), solver));
            cases.add(Arguments.of("odetoode-unrestricted", Map.of("flow", "constant", "w0", "learned"), solver));
            cases.add(Arguments.of("hypernet", Map.of(), solver));
            cases.add(Arguments.of("baseode", Map.of(), solver));
            cases.add(Arguments.of("nanode", Map.of(), solver));
            cases.add(Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "4"), solver));
        }
        cases.add(Arguments.of("resnet", Map.of(), null)); // always Euler: one layer per step
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("flowsAndSolvers")
    void wAtTheHorizonOnDemandIsTheFlowsOwnEndpoint(String policy, Map<String, String> flow, String solver) {
        // setParameters computes the grid points the forward reads (all but W(T) for Euler and midpoint), and
        // weights(N) continues the flow to the rest on demand. Checked in increasing j, so the points setParameters
        // left are compared before the on-demand call adds to them: the grid must equal the flow stepped all the way
        // by itself, and the reverse pass, which reads the stored steps, must give the same bits as before.
        Map<String, String> hp = new HashMap<>(flow);
        hp.put("d", "5");
        hp.put("steps", "6");
        if (solver != null) {
            hp.put("solver", solver);
        }
        OdeNetwork net = (OdeNetwork) Policies.network(policy, 3, 2, hp);
        double[] p = net.parameters();
        Random rng = new Random(3);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.1 * rng.nextGaussian();
        }
        net.setParameters(p);
        double[] in = {0.3, -0.1, 0.7};
        double[] dLdOut = {1.0, -0.5};
        String before = Arrays.toString(net.gradient(in, dLdOut).parameters());
        int last = net.weightGridPoints() - 1;
        double[][] grid = new double[last + 1][25];
        double dt = net.horizon() / (net.steps() * net.tableau().gridResolution());
        // A second network's flow, so that net's own stored steps are only ever the forward's and the continuation's.
        OdeNetwork reference = (OdeNetwork) Policies.network(policy, 3, 2, hp);
        reference.flow().weights(p, net.parameterBlocks().get(2).offset(), dt, last, grid);
        for (int j = 0; j <= last; j++) {
            assertEquals(Arrays.toString(grid[j]), Arrays.toString(net.weights(j)), "W at grid point " + j);
        }
        // The reverse pass reads the grid: computing W(T) must leave it as it was.
        assertEquals(before, Arrays.toString(net.gradient(in, dLdOut).parameters()));
    }

    static void setBlock(Network net, String name, double... values) {
        double[] p = net.parameters();
        ParameterBlock b = net.parameterBlocks().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no block " + name + " in " + net.parameterBlocks()));
        assertEquals(b.length(), values.length, name);
        System.arraycopy(values, 0, p, b.offset(), values.length);
        net.setParameters(p);
    }

    /** Identity input and output projections, so out = x_T and dL/dinput = dL/dx_0. */
    static void identityProjections(Network net, int d) {
        double[] eye = Matrices.identity(d);
        setBlock(net, "in.W", eye);
        setBlock(net, "in.b", new double[d]);
        setBlock(net, "out.W", eye);
        setBlock(net, "out.b", new double[d]);
    }

    /** ∂x_T/∂x_0 as a d-by-d array, one reverse pass per output. */
    static double[][] jacobian(Network net, double[] x0) {
        int d = net.outputSize();
        double[][] jac = new double[d][];
        for (int r = 0; r < d; r++) {
            double[] e = new double[d];
            e[r] = 1.0;
            jac[r] = net.gradient(x0, e).input();
        }
        return jac;
    }

    static double[] singularValues(double[][] m) {
        return new SingularValueDecomposition(MatrixUtils.createRealMatrix(m)).getSingularValues();
    }

    static Network baseOde(int d, int steps, double horizon) {
        Network net = Policies.network("baseode", d, d, Map.of("d", String.valueOf(d), "steps", String.valueOf(steps),
                "T", String.valueOf(horizon), "activation", "identity", "solver", "rk4"));
        identityProjections(net, d);
        return net;
    }

    @ParameterizedTest(name = "W = {0}")
    @ValueSource(doubles = {1.0, -1.0})
    void scalarLinearFlowHasGainExpPlusMinusT(double w) {
        Network net = baseOde(1, 400, 10.0);
        setBlock(net, "flow.W", w);
        double gain = net.gradient(new double[] {0.7}, new double[] {1.0}).input()[0];
        // RK4 multiplies by its stability polynomial R(hw) each step: exact for the discrete map, e^{wT} as h → 0.
        double z = w * 10.0 / 400;
        double discrete = Math.pow(1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24, 400);
        assertEquals(discrete, gain, 1e-12 * discrete, "RK4 gain of dx/dt = " + w + " x");
        double expected = Math.exp(w * 10.0);
        assertEquals(expected, gain, 1e-7 * expected, "gain of dx/dt = " + w + " x over T = 10");
        if (w < 0) {
            assertEquals(4.54e-5, gain, 0.005e-5);
        }
    }

    @ParameterizedTest(name = "theta = {0}")
    @ValueSource(doubles = {0.0, Math.PI / 3, Math.PI / 2, 2.0, Math.PI})
    void constantRotationHasSingularValuesExpTCosTheta(double theta) {
        double horizon = 2.0;
        Network net = baseOde(2, 400, horizon);
        setBlock(net, "flow.W", Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta));
        double[] sv = singularValues(jacobian(net, new double[] {0.3, -0.4}));
        double expected = Math.exp(horizon * Math.cos(theta));
        for (double s : sv) {
            assertEquals(expected, s, 1e-9 * expected, "singular values " + Arrays.toString(sv));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iso", "constant", "gated"})
    void orthogonalLinearChainHasUnitSingularValues(String flow) {
        Network net = Policies.network("odetoode", 3, 2, Map.of("d", "8", "steps", "50", "T", "3", "flow", flow,
                "hidden", "6"));
        OdeNetwork ode = (OdeNetwork) net;
        int d = ode.width();
        // The chain x_{j+1} = W_j x_j through the whole weight trajectory.
        double[] chain = Matrices.identity(d);
        double[] next = new double[d * d];
        for (int j = 0; j < ode.weightGridPoints(); j++) {
            Matrices.mul(d, ode.weights(j), chain, next);
            System.arraycopy(next, 0, chain, 0, d * d);
        }
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i] = Arrays.copyOfRange(chain, i * d, (i + 1) * d);
        }
        for (double s : singularValues(m)) {
            assertEquals(1.0, s, 1e-12);
        }
    }

    @Test
    void unrestrictedChainDoesNotHaveUnitSingularValues() {
        OdeNetwork ode = (OdeNetwork) Policies.network("odetoode-unrestricted", 3, 2, Map.of("d", "8", "steps", "50",
                "T", "3", "flow", "constant"));
        int d = ode.width();
        double[][] m = new double[d][d];
        double[] w = ode.weights(ode.weightGridPoints() - 1);
        for (int i = 0; i < d; i++) {
            m[i] = Arrays.copyOfRange(w, i * d, (i + 1) * d);
        }
        double[] sv = singularValues(m);
        assertTrue(Math.abs(sv[0] - 1.0) > 1e-3 || Math.abs(sv[d - 1] - 1.0) > 1e-3, Arrays.toString(sv));
    }

    /**
     * Counterexample 3: f = id, W_0 = I, b = ψJ gives W_t = R(ψt) and
     * x_T = e^{sin(ψT)/ψ} R((1 − cos ψT)/ψ) x_0, with R(φ) the rotation by φ.
     */
    @ParameterizedTest(name = "psi = {0}")
    @ValueSource(doubles = {1.0, 1.3, 2.0})
    void rotatingGeneratorMatchesClosedForm(double psi) {
        double horizon = 5.0;
        Map<String, String> hp = new HashMap<>(Map.of("d", "2", "steps", "400", "T", String.valueOf(horizon),
                "activation", "identity", "solver", "rk4", "flow", "constant", "w0", "learned"));
        Network net = Policies.network("odetoode-unrestricted", 2, 2, hp);
        identityProjections(net, 2);
        setBlock(net, "flow.W0", 1, 0, 0, 1);
        setBlock(net, "flow.A", 0, -psi, psi, 0);
        double[] x0 = {0.6, -0.2};
        double[] out = new double[2];
        net.forward(x0, out);
        double scale = Math.exp(Math.sin(psi * horizon) / psi);
        double phi = (1 - Math.cos(psi * horizon)) / psi;
        double[] expected = {scale * (Math.cos(phi) * x0[0] - Math.sin(phi) * x0[1]),
            scale * (Math.sin(phi) * x0[0] + Math.cos(phi) * x0[1])};
        assertEquals(expected[0], out[0], 1e-9);
        assertEquals(expected[1], out[1], 1e-9);
        double[] sv = singularValues(jacobian(net, x0));
        assertEquals(scale, sv[0], 1e-9);
        assertEquals(scale, sv[1], 1e-9);
    }
}

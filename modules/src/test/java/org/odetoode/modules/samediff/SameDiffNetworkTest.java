package org.odetoode.modules.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.nd4j.linalg.factory.Nd4j;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.flow.Stepper;
import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.linalg.Expm;
import org.odetoode.modules.net.Gradients;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.policy.Policies;

/** The SameDiff twins against the plain-Java networks: same outputs, same reverse-mode gradients. */
class SameDiffNetworkTest {
    private static final double[] OBS = {0.3, -0.7, 1.1, 0.05};
    private static final double[] C = GradientCheck.direction(3, 11);

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("odetoode", Map.of("flow", "iso")),
                Arguments.of("odetoode", Map.of("flow", "iso", "solver", "midpoint", "bias", "true")),
                Arguments.of("odetoode", Map.of("flow", "iso", "solver", "rk4", "w0", "learned")),
                Arguments.of("odetoode", Map.of("flow", "iso", "activation", "relu", "bias", "true")),
                Arguments.of("odetoode", Map.of("flow", "constant")),
                Arguments.of("odetoode", Map.of("flow", "constant", "solver", "rk4", "bias", "true", "activation", "sigmoid")),
                Arguments.of("odetoode", Map.of("flow", "constant", "solver", "midpoint", "w0", "learned", "activation", "identity")),
                Arguments.of("odetoode", Map.of("flow", "gated", "hidden", "4")),
                Arguments.of("odetoode", Map.of("flow", "gated", "hidden", "3", "solver", "rk4", "bias", "true")),
                Arguments.of("odetoode", Map.of("flow", "gated", "hidden", "3", "gates", "1", "solver", "midpoint", "w0", "learned", "activation", "relu")),
                Arguments.of("odetoode", Map.of("flow", "iso", "stepper", "cayley")),
                Arguments.of("odetoode", Map.of("flow", "constant", "stepper", "cayley", "solver", "rk4")),
                Arguments.of("odetoode", Map.of("flow", "gated", "hidden", "3", "stepper", "euler", "w0", "learned")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "iso")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "constant", "w0", "learned", "solver", "midpoint")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "gated", "hidden", "3", "solver", "rk4", "bias", "true")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "iso", "stepper", "cayley", "w0", "learned")),
                Arguments.of("hypernet", Map.of("hidden", "4")),
                Arguments.of("hypernet", Map.of("hidden", "4", "w0", "learned", "solver", "rk4", "bias", "true")),
                Arguments.of("baseode", Map.of("bias", "true")),
                Arguments.of("odetoode", Map.of("flow", "iso", "embedding", "tanh", "solver", "rk4")),
                Arguments.of("baseode", Map.of("solver", "rk4", "activation", "identity")),
                Arguments.of("resnet", Map.of()),
                Arguments.of("resnet", Map.of("bias", "false", "activation", "relu")),
                Arguments.of("nanode", Map.of()),
                Arguments.of("nanode", Map.of("basis", "fourier", "basis-size", "5", "solver", "midpoint", "activation", "relu", "bias", "true")),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "3", "solver", "midpoint", "bias", "true")),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "5", "activation", "relu")),
                Arguments.of("nanode", Map.of("basis", "polynomial", "basis-size", "3", "solver", "rk4", "activation", "sigmoid")),
                Arguments.of("nanode", Map.of("basis", "fourier", "basis-size", "2", "solver", "rk4", "bias", "true", "activation", "identity")),
                Arguments.of("mlp", Map.of("hidden", "8")),
                Arguments.of("linear", Map.of()));
    }

    /** A small network with every parameter perturbed, so that no block sits at a special point. */
    static Network network(String policy, Map<String, String> hp) {
        Map<String, String> all = new HashMap<>(hp);
        if (!policy.equals("mlp") && !policy.equals("linear")) {
            all.put("d", "5");
            all.put("steps", "5");
            all.put("T", "1.3");
        }
        Network net = Policies.network(policy, OBS.length, C.length, all);
        net.setParameters(perturbed(net.parameters(), 0.1, 7));
        return net;
    }

    static double[] perturbed(double[] p, double scale, long seed) {
        double[] q = p.clone();
        Random rng = new Random(seed);
        for (int i = 0; i < q.length; i++) {
            q[i] += scale * rng.nextGaussian();
        }
        return q;
    }

    static void assertOutputsAgree(Network net, SameDiffNetwork sd, String what) {
        double[] plain = new double[net.outputSize()];
        net.forward(OBS, plain);
        double[] twin = sd.output(OBS);
        for (int i = 0; i < plain.length; i++) {
            double tol = 1e-12 * Math.max(1.0, Math.abs(plain[i]));
            assertEquals(plain[i], twin[i], tol, what + ": output " + i);
        }
    }

    /** Returns the SameDiff gradient. */
    static double[] assertGradientsAgree(Network net, SameDiffNetwork sd, String what) {
        double[] plain = net.gradient(OBS, C).parameters();
        double[] twin = sd.gradient(OBS, C);
        int[] all = GradientCheck.indices(net, net.parameterCount(), 0);
        GradientCheck.Result r = GradientCheck.compare(net, all, plain, twin);
        assertTrue(r.maxRelativeError() <= 1e-9,
                () -> what + ": relative difference " + r.maxRelativeError() + " at " + r.worstBlock());
        return twin;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void outputsAndGradientsMatchPlainJava(String policy, Map<String, String> hp) {
        Network net = network(policy, hp);
        SameDiffNetwork sd = SameDiffNetwork.of(net);
        assertOutputsAgree(net, sd, policy + " " + hp);
        double[] g = assertGradientsAgree(net, sd, policy + " " + hp);
        // Every block must receive a gradient, or a slice was silently left out of the graph.
        for (ParameterBlock b : net.parameterBlocks()) {
            double norm = 0.0;
            for (int i = b.offset(); i < b.offset() + b.length(); i++) {
                norm += Math.abs(g[i]);
            }
            assertTrue(norm > 0.0, policy + " " + hp + ": no gradient reaches " + b.name());
        }
    }

    @Test
    void setParametersFollowsThePlainNetworkWithAndWithoutRebuilding() {
        Network net = network("odetoode", Map.of("flow", "iso", "w0", "learned", "solver", "midpoint"));
        SameDiffNetwork sd = SameDiffNetwork.of(net);
        // A small change keeps the graph; a large one outgrows the expm truncations and rebuilds it.
        double[] scales = {0.01, 0.5};
        int[] builds = {1, 2};
        for (int i = 0; i < scales.length; i++) {
            double[] p = perturbed(net.parameters(), scales[i], 99);
            net.setParameters(p);
            sd.setParameters(p);
            assertEquals(builds[i], sd.builds(), "graph builds after a change of scale " + scales[i]);
            assertOutputsAgree(net, sd, "scale " + scales[i]);
            assertGradientsAgree(net, sd, "scale " + scales[i]);
        }
    }

    @Test
    void batchesSumTheGradientsOfTheirRows() {
        Network net = network("odetoode", Map.of("flow", "gated", "hidden", "3"));
        SameDiffNetwork sd = SameDiffNetwork.of(net);
        double[][] obs = {OBS, {-0.2, 0.4, 0.0, 0.9}};
        double[][] c = {C, GradientCheck.direction(3, 12)};
        double[] batch = sd.gradient(obs, c);
        Gradients g0 = net.gradient(obs[0], c[0]);
        Gradients g1 = net.gradient(obs[1], c[1]);
        double[] sum = new double[batch.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = g0.parameters()[i] + g1.parameters()[i];
        }
        int[] all = GradientCheck.indices(net, net.parameterCount(), 0);
        assertTrue(GradientCheck.compare(net, all, sum, batch).maxRelativeError() <= 1e-9);
        double[][] out = sd.output(obs);
        double[] single = new double[net.outputSize()];
        net.forward(obs[1], single);
        for (int i = 0; i < single.length; i++) {
            assertEquals(single[i], out[1][i], 1e-12 * Math.max(1.0, Math.abs(single[i])));
        }
    }

    /**
     * The Taylor expm agrees with the Padé expm across the norms the flows produce and beyond, at full capacity, for a
     * random matrix and for a skew one made of 2-by-2 rotation generators, whose powers do not shrink in norm
     * (‖A^k‖₁ = ‖A‖₁^k), so the series' truncation shows undamped.
     */
    @ParameterizedTest(name = "norm scale {0}")
    @ValueSource(doubles = {0.0, 1e-3, 0.05, 0.3, 1.0, 4.0, 12.0})
    void taylorExpmMatchesPade(double scale) {
        int d = 6;
        Random rng = new Random(5);
        double[] random = new double[d * d];
        double[] rotations = new double[d * d];
        for (int i = 0; i < random.length; i++) {
            random[i] = scale * rng.nextGaussian() / d;
        }
        for (int i = 0; i < d; i += 2) {
            rotations[i * d + i + 1] = scale;
            rotations[(i + 1) * d + i] = -scale;
        }
        for (double[] a : List.of(random, rotations)) {
            double[] pade = new double[d * d];
            new Expm(d).exp(a, pade);
            double norm = org.odetoode.modules.linalg.Matrices.norm1(d, a);
            // Half the norm at build time makes the graph's capacity (twice that) equal to the norm: the worst case.
            Graph g = new Graph(new double[0], new double[] {norm / 2});
            double[] taylor = g.step(Stepper.EXPM, g.constant(a, d, d), d).eval().dup('c').data().asDouble();
            double size = Nd4j.createFromArray(pade).norm2Number().doubleValue();
            for (int i = 0; i < pade.length; i++) {
                assertEquals(pade[i], taylor[i], 1e-14 * size, "entry " + i + " at norm " + norm);
            }
        }
    }

    /** The Newton–Schulz Cayley step against the closed form for rotation generators, at full capacity. */
    @ParameterizedTest(name = "norm {0}")
    @ValueSource(doubles = {0.05, 0.5, 1.0})
    void cayleyMatchesClosedForm(double norm) {
        int d = 6;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i += 2) {
            a[i * d + i + 1] = norm;
            a[(i + 1) * d + i] = -norm;
        }
        Graph g = new Graph(new double[0], new double[] {norm / 2});
        double[] e = g.step(Stepper.CAYLEY, g.constant(a, d, d), d).eval().dup('c').data().asDouble();
        // For J = [[0, 1], [−1, 0]], J² = −I: (I − aJ)⁻¹ (I + aJ) = ((1 − a²) I + 2a J) / (1 + a²) with a = norm/2.
        double h = norm / 2;
        double cos = (1 - h * h) / (1 + h * h);
        double sin = 2 * h / (1 + h * h);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double expected = i / 2 != j / 2 ? 0.0 : i == j ? cos : j == i + 1 ? sin : -sin;
                assertEquals(expected, e[i * d + j], 1e-15, "entry (" + i + ", " + j + ") at norm " + norm);
            }
        }
    }

    @Test
    void cayleyBeyondTheNewtonSchulzRangeIsRefused() {
        Map<String, String> hp = Map.of("flow", "constant", "stepper", "cayley", "d", "4", "steps", "2", "T", "8");
        Network net = Policies.network("odetoode", 4, 3, hp);
        net.setParameters(perturbed(net.parameters(), 2.0, 3));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> SameDiffNetwork.of(net));
        assertTrue(e.getMessage().contains("Cayley"), e.getMessage());
    }

    @Test
    void unknownNetworksAreRefusedByName() {
        Network net = Policies.network("linear", 2, 1, Map.of());
        Network stranger = new ForwardingNetwork(net);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> SameDiffNetwork.of(stranger));
        assertTrue(e.getMessage().contains("ForwardingNetwork"), e.getMessage());
    }

    @Test
    void checkHelperComparesEveryParameter() {
        Network net = network("baseode", Map.of("bias", "true"));
        GradientCheck.Result r = SameDiffCheck.compare(net, OBS, C);
        assertEquals(net.parameterCount(), r.checked());
        assertTrue(r.maxRelativeError() <= 1e-9, "error " + r.maxRelativeError());
        assertEquals(r.maxRelativeError(), SameDiffCheck.maxRelativeError(net, OBS, C));
    }

    /** A network the SameDiff builder does not know. */
    static class ForwardingNetwork implements Network {
        private final Network inner;

        ForwardingNetwork(Network inner) {
            this.inner = inner;
        }

        @Override
        public Precision forwardPrecision() {
            return inner.forwardPrecision();
        }

        @Override
        public void setForwardPrecision(Precision precision) {
            inner.setForwardPrecision(precision);
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int outputSize() {
            return inner.outputSize();
        }

        @Override
        public int parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public List<ParameterBlock> parameterBlocks() {
            return inner.parameterBlocks();
        }

        @Override
        public double[] parameters() {
            return inner.parameters();
        }

        @Override
        public void setParameters(double[] parameters) {
            inner.setParameters(parameters);
        }

        @Override
        public void forward(double[] in, double[] out) {
            inner.forward(in, out);
        }

        @Override
        public Gradients gradient(double[] in, double[] dLdOut) {
            return inner.gradient(in, dLdOut);
        }

        @Override
        public Network copy() {
            return new ForwardingNetwork(inner.copy());
        }
    }
}

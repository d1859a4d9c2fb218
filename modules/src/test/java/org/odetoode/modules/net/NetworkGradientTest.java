package org.odetoode.modules.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.policy.Policies;

/** Reverse-mode gradients of every variant against fourth-order central finite differences. */
class NetworkGradientTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("odetoode", Map.of("flow", "iso")),
                Arguments.of("odetoode", Map.of("flow", "constant")),
                Arguments.of("odetoode", Map.of("flow", "gated", "hidden", "5")),
                Arguments.of("odetoode", Map.of("flow", "iso", "stepper", "cayley")),
                Arguments.of("odetoode", Map.of("flow", "constant", "stepper", "cayley")),
                Arguments.of("odetoode", Map.of("flow", "gated", "stepper", "euler", "hidden", "4")),
                Arguments.of("odetoode", Map.of("flow", "iso", "solver", "rk4", "bias", "true")),
                Arguments.of("odetoode", Map.of("embedding", "tanh")),
                Arguments.of("odetoode-unrestricted", Map.of("embedding", "tanh", "solver", "midpoint", "bias", "true")),
                Arguments.of("odetoode", Map.of("flow", "iso", "w0", "learned", "solver", "midpoint")),
                Arguments.of("odetoode", Map.of("flow", "constant", "activation", "sigmoid")),
                Arguments.of("odetoode", Map.of("flow", "iso", "activation", "relu", "bias", "true")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "iso")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "constant", "w0", "learned")),
                Arguments.of("odetoode-unrestricted", Map.of("flow", "gated", "hidden", "4", "solver", "rk4")),
                Arguments.of("hypernet", Map.of("hidden", "6")),
                Arguments.of("hypernet", Map.of("hidden", "6", "w0", "learned", "solver", "rk4")),
                Arguments.of("baseode", Map.of("bias", "true")),
                Arguments.of("baseode", Map.of("solver", "rk4", "activation", "identity")),
                Arguments.of("resnet", Map.of()),
                Arguments.of("nanode", Map.of()),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "3", "bias", "true")),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "6", "activation", "identity")),
                Arguments.of("nanode", Map.of("basis", "polynomial", "basis-size", "3", "solver", "rk4", "activation", "sigmoid")),
                Arguments.of("nanode", Map.of("basis", "fourier", "basis-size", "5", "solver", "midpoint", "bias", "true")),
                Arguments.of("nanode", Map.of("basis", "fourier", "basis-size", "2", "activation", "relu", "bias", "true")),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "4", "solver", "rk4")),
                Arguments.of("mlp", Map.of("hidden", "8")),
                Arguments.of("linear", Map.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void gradientMatchesFiniteDifferences(String policy, Map<String, String> hp) {
        Network net = perturbed(policy, hp);
        double[] obs = {0.3, -0.7, 1.1, 0.05};
        double[] c = GradientCheck.direction(3, 11);
        GradientCheck.Result r = GradientCheck.check(net, obs, c, GradientCheck.indices(net, 400, 3));
        assertTrue(r.maxRelativeError() <= 1e-6,
                () -> policy + " " + hp + ": relative error " + r.maxRelativeError() + " at " + r.worstBlock());
    }

    /** The batch gradient (one weight-flow reverse pass per batch) is the sum of the per-row gradients. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void batchGradientIsTheSumOfRowGradients(String policy, Map<String, String> hp) {
        Network net = perturbed(policy, hp);
        Random rng = new Random(5);
        double[][] in = new double[7][4];
        double[][] c = new double[7][3];
        for (int r = 0; r < in.length; r++) {
            for (int j = 0; j < 4; j++) {
                in[r][j] = rng.nextGaussian();
            }
            c[r] = GradientCheck.direction(3, 20 + r);
        }
        double[] sum = new double[net.parameterCount()];
        double scale = 0.0;
        for (int r = 1; r < 6; r++) {
            double[] g = net.gradient(in[r], c[r]).parameters();
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
                scale = Math.max(scale, Math.abs(g[i]));
            }
        }
        double[] batch = new double[net.parameterCount()];
        net.accumulateGradient(in, c, 1, 6, batch);
        for (int i = 0; i < sum.length; i++) {
            assertEquals(sum[i], batch[i], 1e-12 * scale, policy + " " + hp + " parameter " + i);
        }
        double[] again = new double[net.parameterCount()];
        net.accumulateGradient(in, c, 1, 6, again);
        assertTrue(java.util.Arrays.equals(batch, again), "the same bits every time");

        // asked for dL/din too, the same dL/dθ bit for bit, and each row's dL/din against central differences
        double[] withInputs = new double[net.parameterCount()];
        double[] shared = new double[net.sharedAdjointSize()];
        double[][] dIn = new double[7][4];
        net.accumulateRows(in, c, 1, 6, withInputs, shared, dIn);
        net.finishGradient(shared, withInputs);
        assertTrue(java.util.Arrays.equals(batch, withInputs), policy + " " + hp + ": dL/dθ changed");
        assertTrue(java.util.Arrays.equals(new double[4], dIn[0]) && java.util.Arrays.equals(new double[4], dIn[6]),
                "rows outside [from, to) untouched");
        double[] out = new double[3];
        for (int r = 1; r < 6; r++) {
            for (int j = 0; j < 4; j++) {
                double e = 1e-6;
                double[] x = in[r].clone();
                x[j] += e;
                net.forward(x, out);
                double up = dot(c[r], out);
                x[j] -= 2 * e;
                net.forward(x, out);
                double fd = (up - dot(c[r], out)) / (2 * e);
                assertEquals(fd, dIn[r][j], 1e-6 * Math.max(1.0, Math.abs(fd)), policy + " " + hp + " dL/din");
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static Network perturbed(String policy, Map<String, String> hp) {
        java.util.Map<String, String> all = new java.util.HashMap<>(hp);
        if (!policy.equals("mlp") && !policy.equals("linear")) {
            all.put("d", "5");
            all.put("steps", "6");
            all.put("T", "1.3");
        }
        Network net = Policies.network(policy, 4, 3, all);
        // Perturb every parameter so no block sits at a special point (zero biases, W_0 exactly Haar).
        double[] p = net.parameters();
        Random rng = new Random(7);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.1 * rng.nextGaussian();
        }
        net.setParameters(p);
        return net;
    }
}

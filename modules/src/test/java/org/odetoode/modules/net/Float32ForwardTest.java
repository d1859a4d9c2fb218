package org.odetoode.modules.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.policy.Policies;

/** The float32 forward against the float64 one it rounds, on every policy whose forward has a float32 form. */
class Float32ForwardTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("odetoode", Map.of()),
                Arguments.of("odetoode", Map.of("bias", "true", "activation", "relu")),
                Arguments.of("odetoode", Map.of("embedding", "tanh")),
                Arguments.of("odetoode", Map.of("activation", "sigmoid", "d", "13")),
                Arguments.of("odetoode-unrestricted", Map.of("d", "24", "steps", "7", "T", "0.3")),
                Arguments.of("resnet", Map.of()),
                Arguments.of("baseode", Map.of("activation", "identity", "bias", "true")),
                Arguments.of("hypernet", Map.of("d", "8")),
                Arguments.of("nanode", Map.of()),
                Arguments.of("nanode", Map.of("basis", "piecewise", "basis-size", "10", "bias", "true", "activation", "relu")),
                Arguments.of("nanode", Map.of("basis", "polynomial", "d", "11", "steps", "7")),
                Arguments.of("mlp", Map.of()),
                Arguments.of("mlp", Map.of("activation", "relu", "layers", "1", "hidden", "7")),
                Arguments.of("linear", Map.of()));
    }

    private static Network perturbed(String policy, Map<String, String> hp, long seed) {
        Network net = Policies.network(policy, 5, 3, new HashMap<>(hp));
        double[] p = net.parameters();
        Random rng = new Random(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.2 * rng.nextGaussian();
        }
        net.setParameters(p);
        return net;
    }

    /**
     * The outputs agree to single precision: each is a short sum of O(1) terms, so the float32 error is a few units
     * of 2^-24 times the size of those terms; 1e-5 of that size is well above it and far below any real change.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void float32AgreesWithFloat64ToSinglePrecision(String policy, Map<String, String> hp) {
        Network net = perturbed(policy, hp, 7);
        Network f32 = net.copy();
        f32.setForwardPrecision(Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, f32.forwardPrecision());
        assertEquals(Precision.FLOAT32, f32.copy().forwardPrecision(), "a copy keeps the precision");
        Random rng = new Random(11);
        double[] in = new double[5];
        double[] ref = new double[3];
        double[] got = new double[3];
        double worst = 0.0;
        for (int trial = 0; trial < 200; trial++) {
            for (int i = 0; i < in.length; i++) {
                in[i] = 2.0 * rng.nextGaussian();
            }
            net.forward(in, ref);
            f32.forward(in, got);
            for (int r = 0; r < 3; r++) {
                worst = Math.max(worst, Math.abs(got[r] - ref[r]) / (1.0 + Math.abs(ref[r])));
            }
        }
        assertTrue(worst < 1e-5, "worst relative difference " + worst);
        assertTrue(worst > 0.0 || policy.equals("linear"), "the float32 path ran (it differs from float64 somewhere)");
    }

    /**
     * Weights past the float range (the input projection scaled to 1e39: finite in double, ∞ once rounded) make the
     * float32 pass overflow; the forward then answers in float64, bit for bit, instead of returning NaN or ∞.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void anOverflowingFloat32ForwardIsAnsweredInFloat64(String policy, Map<String, String> hp) {
        Network net = perturbed(policy, hp, 5);
        double[] p = net.parameters();
        ParameterBlock first = net.parameterBlocks().get(0);
        for (int i = first.offset(); i < first.offset() + first.length(); i++) {
            p[i] *= 1e39;
        }
        net.setParameters(p);
        Network f32 = net.copy();
        f32.setForwardPrecision(Precision.FLOAT32);
        double[] in = {0.3, -1.0, 0.7, 0.2, -0.4};
        double[] ref = new double[3];
        double[] got = new double[3];
        net.forward(in, ref);
        f32.forward(in, got);
        for (double v : ref) {
            assertTrue(Double.isFinite(v), "float64 output " + v);
        }
        assertArrayEquals(ref, got, 0.0);
    }

    /**
     * Networks stepped together give each its own forward bit for bit: float32 ones of different widths, step counts
     * and activations, one that overflows in float32 (answered in float64) and one that runs in float64.
     */
    @Test
    void forwardTogetherIsEachNetworksOwnForward() {
        // Neighbours of the same shape step in one kernel (Float32Kernels.eulerTanhPair, when d fills a vector);
        // the others, and any call that includes a float64 network, one by one.
        String[][] configs = {{"odetoode", ""}, {"odetoode", ""}, {"odetoode", "bias=true"}, {"odetoode", "bias=true"},
            {"odetoode", "overflow"}, {"odetoode", "embedding=tanh"}, {"odetoode", "steps=7"},
            {"odetoode-unrestricted", "d=24,steps=7,T=0.3"}, {"baseode", "activation=relu,bias=true"},
            {"odetoode", "float64"}};
        OdeNetwork[] nets = new OdeNetwork[configs.length];
        OdeNetwork[] alone = new OdeNetwork[configs.length];
        for (int k = 0; k < configs.length; k++) {
            Map<String, String> hp = new HashMap<>();
            for (String kv : configs[k][1].split(",")) {
                if (kv.contains("=")) {
                    hp.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            Network net = perturbed(configs[k][0], hp, 100 + k);
            if (configs[k][1].equals("overflow")) {
                double[] p = net.parameters();
                ParameterBlock first = net.parameterBlocks().get(0);
                for (int i = first.offset(); i < first.offset() + first.length(); i++) {
                    p[i] *= 1e39;
                }
                net.setParameters(p);
            }
            if (!configs[k][1].equals("float64")) {
                net.setForwardPrecision(Precision.FLOAT32);
            }
            nets[k] = (OdeNetwork) net;
            alone[k] = (OdeNetwork) net.copy();
        }
        Random rng = new Random(3);
        double[][] in = new double[configs.length][5];
        double[][] together = new double[configs.length][3];
        double[] expected = new double[3];
        for (int trial = 0; trial < 20; trial++) {
            for (double[] row : in) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = 2.0 * rng.nextGaussian();
                }
            }
            int count = 2 + trial % (configs.length - 1);
            OdeNetwork.forwardTogether(nets, count, in, together);
            for (int k = 0; k < count; k++) {
                alone[k].forward(in[k], expected);
                assertArrayEquals(expected, together[k], 0.0, configs[k][0] + " " + configs[k][1]);
                assertTrue(Double.isFinite(together[k][0]), configs[k][1]);
            }
        }
    }

    /** New parameters reach the float32 weights, and switching back gives the float64 forward bit for bit. */
    @Test
    void setParametersRoundsAgainAndFloat64IsRestoredExactly() {
        Network net = perturbed("odetoode", Map.of(), 1);
        Network other = perturbed("odetoode", Map.of(), 2);
        double[] in = {0.3, -1.0, 0.7, 0.2, -0.4};
        double[] expected32 = new double[3];
        other.setForwardPrecision(Precision.FLOAT32);
        other.forward(in, expected32);

        net.setForwardPrecision(Precision.FLOAT32);
        net.setParameters(other.parameters());
        double[] got = new double[3];
        net.forward(in, got);
        assertArrayEquals(expected32, got, 0.0);

        net.setForwardPrecision(Precision.FLOAT64);
        other.setForwardPrecision(Precision.FLOAT64);
        double[] a = new double[3];
        double[] b = new double[3];
        net.forward(in, a);
        other.forward(in, b);
        assertArrayEquals(b, a, 0.0);
    }

    @Test
    void float32NeedsTheEulerSolver() {
        Network rk4 = Policies.network("odetoode", 5, 3, Map.of("solver", "rk4"));
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> rk4.setForwardPrecision(Precision.FLOAT32));
        assertEquals("The float32 forward runs the euler solver only, and this network uses rk4",
                e.getMessage());
        assertEquals(Precision.FLOAT64, rk4.forwardPrecision());
    }

    @Test
    void precisionNamesParseAndAnUnknownOneIsNamed() {
        assertEquals(Precision.FLOAT32, Precision.parse(" Float32"));
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Precision.parse("half"));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("half"), e.getMessage());
    }
}

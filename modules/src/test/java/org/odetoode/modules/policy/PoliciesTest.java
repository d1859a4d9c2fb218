package org.odetoode.modules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.net.Network;

/** Building by name, parameter vectors, and the errors bad input gets. */
class PoliciesTest {

    @Test
    void everyPolicyBuildsAndRoundTripsItsParameters() {
        for (String name : Policies.NAMES) {
            Network net = Policies.network(name, 4, 2, Map.of());
            double[] p = net.parameters();
            assertEquals(net.parameterCount(), p.length, name);
            int covered = net.parameterBlocks().stream().mapToInt(b -> b.length()).sum();
            assertEquals(p.length, covered, name + " blocks must cover the vector");
            double[] out1 = new double[2];
            net.forward(new double[] {0.1, 0.2, -0.3, 0.4}, out1);
            Network copy = net.copy();
            double[] out2 = new double[2];
            copy.forward(new double[] {0.1, 0.2, -0.3, 0.4}, out2);
            assertTrue(Arrays.equals(out1, out2), name);
        }
    }

    /**
     * A network too large for the heap is refused before anything is allocated (d = 100000 used to spend 15 s filling
     * the heap and end in an OutOfMemoryError), with the memory it needs and the heap free. The bound for odetoode,
     * Euler, N = 10 counts 47 d × d matrices: W_t at 11 grid points and 11 packed copies, W_0, 2 × 10 step matrices
     * and 4 for W_0's flow; 8 × (47 × 30000² + 30000 × 6) bytes = 315.2 GiB.
     */
    @Test
    void aNetworkTooLargeForTheHeapIsRefusedWithTheMemoryItNeeds() {
        long t0 = System.nanoTime();
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("odetoode", 4, 2, Map.of("d", "30000")));
        assertEquals("d", e.parameter());
        assertTrue(e.getMessage().matches("odetoode with d=30000, steps=10 needs at least 315\\.2 GiB for one network,"
                + " and the Java heap has [0-9.]+ [GM]iB free \\(of [0-9.]+ [GM]iB\\); lower d or steps, or raise the"
                + " heap with -Xmx .*"), e.getMessage());
        InvalidHyperparameterException huge = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("odetoode", 4, 2, Map.of("d", "100000")));
        assertTrue(huge.getMessage().contains("; its arrays of 1.00e+10 entries are more than a Java array holds"
                + " (2,147,483,639); lower d or steps"), huge.getMessage());
        assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("baseode", 4, 2, Map.of("steps", "2000000000")));
        InvalidHyperparameterException mlp = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("mlp", 4, 2, Map.of("hidden", "100000")));
        assertEquals("hidden", mlp.parameter());
        assertTrue((System.nanoTime() - t0) < 2_000_000_000L, "refused before allocating");
    }

    @Test
    void parameterCountsFollowTheLayout() {
        // odetoode iso, d = 16, obs 4, act 2: in 16*4+16, Q and N 2*136, out 2*16+2
        assertEquals(16 * 4 + 16 + 2 * 136 + 2 * 16 + 2, Policies.network("odetoode", 4, 2, Map.of()).parameterCount());
        assertEquals(16 * 4 + 16 + 120 + 2 * 16 + 2,
                Policies.network("odetoode", 4, 2, Map.of("flow", "constant")).parameterCount());
        assertEquals(4 * 2 + 2, Policies.network("linear", 4, 2, Map.of()).parameterCount());
    }

    @Test
    void unknownPolicySuggestsTheClosest() {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("odetode", 4, 2, Map.of()));
        assertTrue(e.getMessage().contains("Did you mean `odetoode`"), e.getMessage());
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
        assertEquals("policy", e.parameter());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"steps, 0", "steps, -3", "d, 0", "T, 0", "T, NaN", "T, abc", "activation, tanhh", "flow, isoo",
        "solver, rk5", "stepper, qr", "w0, random", "bias, yes", "gates, 0", "hidden, 1.5"})
    void badValuesNameTheParameterAndWhatIsAllowed(String key, String value) {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("odetoode", 4, 2, Map.of(key, value)));
        assertEquals(key, e.parameter());
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void unknownKeyListsTheValidKeys() {
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> Policies.network("baseode", 4, 2, Map.of("flow", "iso")));
        assertTrue(e.getMessage().contains("Valid keys: d, steps, T"), e.getMessage());
    }

    @Test
    void nanParametersAreRejectedWithTheirBlock() {
        Network net = Policies.network("odetoode", 4, 2, Map.of());
        double[] p = net.parameters();
        p[100] = Double.NaN;
        InvalidHyperparameterException e = assertThrows(InvalidHyperparameterException.class,
                () -> net.setParameters(p));
        assertTrue(e.getMessage().contains("flow.Q") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(InvalidHyperparameterException.class, () -> net.setParameters(new double[3]));
    }

    @Test
    void dimensionsMustBePositive() {
        assertThrows(InvalidHyperparameterException.class, () -> Policies.network("mlp", 0, 2, Map.of()));
        assertThrows(InvalidHyperparameterException.class, () -> Policies.network("mlp", 3, 0, Map.of()));
    }

    @Test
    void gradientCheckCatchesAWrongGradient() {
        Network net = Policies.network("odetoode", 3, 2, Map.of("d", "4", "steps", "3"));
        int[] idx = GradientCheck.indices(net, 1000, 1);
        double[] c = GradientCheck.direction(2, 1);
        double[] obs = {0.1, 0.5, -0.2};
        double[] fd = GradientCheck.finiteDifferences(net, obs, c, idx);
        double[] wrong = fd.clone();
        wrong[idx.length / 2] *= 1.0 + 1e-4;
        assertTrue(GradientCheck.compare(net, idx, wrong, fd).maxRelativeError() > 1e-6);
        assertTrue(GradientCheck.compare(net, idx, fd, fd).maxRelativeError() == 0.0);
    }
}

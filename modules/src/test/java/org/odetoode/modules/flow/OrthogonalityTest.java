package org.odetoode.modules.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/** Restricted flows keep W on O(d) to rounding over long runs; unrestricted ones visibly leave it. */
class OrthogonalityTest {

    static double maxDrift(String policy, String flow, String stepper, int steps, double horizon) {
        OdeNetwork net = (OdeNetwork) Policies.network(policy, 3, 2, Map.of("d", "16", "steps", String.valueOf(steps),
                "T", String.valueOf(horizon), "flow", flow, "stepper", stepper, "hidden", "8"));
        double max = 0.0;
        for (int j = 0; j < net.weightGridPoints(); j++) {
            max = Math.max(max, Matrices.orthogonalityDefect(net.width(), net.weights(j)));
        }
        return max;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"iso, expm", "constant, expm", "gated, expm", "iso, cayley", "constant, cayley", "gated, cayley"})
    void restrictedFlowStaysOrthogonalFor10000Steps(String flow, String stepper) {
        double drift = maxDrift("odetoode", flow, stepper, 10_000, 1000.0);
        assertTrue(drift <= 1e-12, () -> flow + "/" + stepper + " drifted " + drift);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"odetoode-unrestricted, iso, expm", "odetoode-unrestricted, constant, expm",
        "odetoode-unrestricted, gated, expm", "odetoode-unrestricted, iso, cayley", "odetoode, iso, euler",
        "odetoode, constant, euler"})
    void unrestrictedFlowLeavesTheGroup(String policy, String flow, String stepper) {
        // The plain Euler step W (I + hB) leaves O(d) by O(h²) per step even for skew B: take h = 0.1.
        double drift = maxDrift(policy, flow, stepper, 20, 2.0);
        assertTrue(drift > 1e-3, () -> policy + " " + flow + "/" + stepper + " stayed within " + drift);
    }
}

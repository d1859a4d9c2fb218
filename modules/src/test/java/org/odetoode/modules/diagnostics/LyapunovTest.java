package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/** D6 on flows with known exponents. */
class LyapunovTest {

    @Test
    void stateFlowExponentOfLinearFlows() {
        for (double theta : new double[] {0.0, Math.PI / 3, Math.PI}) {
            OdeNetwork net = Counterexamples.identityProjected("baseode", 2, Map.of("d", "2", "steps", "200", "T", "5",
                    "activation", "identity", "solver", "rk4"));
            Counterexamples.setBlock(net, "flow.W", Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta));
            Chain chain = UnrolledFlow.of(net, new double[] {1, 0}, Loss.linear(new double[] {1, 1})).chain();
            assertEquals(Math.cos(theta), Lyapunov.ofStates(chain, 1).exponent(), 1e-6);
        }
    }

    @Test
    void restrictedConstantGeneratorHasZeroWeightExponent() {
        OdeNetwork net = (OdeNetwork) Policies.network("odetoode", 2, 2, Map.of("d", "5", "steps", "50", "T", "4",
                "flow", "constant"));
        assertEquals(0.0, Lyapunov.ofWeights(net, 3).exponent(), 1e-6);
        OdeNetwork iso = (OdeNetwork) Policies.network("odetoode", 2, 2, Map.of("d", "5", "steps", "50", "T", "4"));
        double lambda = Lyapunov.ofWeights(iso, 3).exponent();
        assertEquals(0.0, lambda, 1.0, "iso flow exponent " + lambda);
    }

    @Test
    void unrestrictedConstantGeneratorGrowsAtItsLargestEigenvalue() {
        OdeNetwork net = (OdeNetwork) Policies.network("odetoode-unrestricted", 2, 2, Map.of("d", "2", "steps", "2000",
                "T", "400", "flow", "constant"));
        Counterexamples.setBlock(net, "flow.A", 0.5, 0.0, 0.0, -0.3);
        // The finite-time estimate carries ln|v_0 · e_1|/T from the start vector.
        assertEquals(0.5, Lyapunov.ofWeights(net, 2).exponent(), 5e-3);
    }

    @Test
    void weightExponentNeedsAGeneratorFlow() {
        OdeNetwork net = (OdeNetwork) Policies.network("baseode", 2, 2, Map.of("d", "3"));
        assertThrows(IllegalArgumentException.class, () -> Lyapunov.ofWeights(net, 1));
    }
}

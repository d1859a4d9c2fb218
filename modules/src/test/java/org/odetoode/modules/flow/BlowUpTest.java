package org.odetoode.modules.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;

/** A flow that leaves the double range is a divergence the caller can catch, never a grid of ∞ and NaN. */
class BlowUpTest {

    /**
     * The unrestricted constant generator b = A = 2000·I on [0, 1] in 10 steps: every step's generator, 200·I, is
     * finite, but W_j = W_0 e^{200 j} passes the double range between t = 0.3 (e^600) and t = 0.4 (e^800).
     */
    @Test
    void aWeightFlowThatOverflowsWithinAStepIsADivergence() {
        OdeNetwork net = (OdeNetwork) Policies.network("odetoode-unrestricted", 3, 2,
                Map.of("d", "3", "steps", "10", "T", "1.0", "flow", "constant"));
        double[] p = net.parameters();
        ParameterBlock a = net.parameterBlocks().stream().filter(b -> b.name().startsWith("flow."))
                .findFirst().orElseThrow();
        assertEquals(9, a.length(), "A is the only flow block: " + net.parameterBlocks());
        for (int i = 0; i < 9; i++) {
            p[a.offset() + i] = i % 4 == 0 ? 2000.0 : 0.0;
        }
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> net.setParameters(p));
        assertTrue(e.getMessage().startsWith("the parameter flow diverged at t = 0.30000000000000004 (step 3): W is not"
                + " finite. Unrestricted flows can blow up in finite time"), e.getMessage());
    }
}

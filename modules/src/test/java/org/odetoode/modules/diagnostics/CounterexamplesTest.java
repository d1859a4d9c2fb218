package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.modules.net.OdeNetwork;

/** Counterexamples 3-5 of gradient-diagnostics.md §2 (1 and 2 are in {@link JacobianSpectrumTest}). */
class CounterexamplesTest {

    @ParameterizedTest(name = "psi = {0}")
    @ValueSource(doubles = {1.0, 1.37, 2.0})
    void rotatingGeneratorMatchesTheClosedForm(double psi) {
        double horizon = 10.0;
        OdeNetwork net = Counterexamples.rotatingGenerator(psi, horizon);
        double[] out = new double[2];
        net.forward(Counterexamples.CE3_X0, out);
        double[] expected = Counterexamples.rotatingClosedForm(psi, horizon, Counterexamples.CE3_X0);
        assertEquals(expected[0], out[0], 1e-6);
        assertEquals(expected[1], out[1], 1e-6);
    }

    @Test
    void localMinimaInPsiGrowWithT() {
        LossSlice t5 = Counterexamples.rotatingSlice(5, 1001);
        LossSlice t80 = Counterexamples.rotatingSlice(80, 1001);
        assertEquals(1, t5.localMinima());
        assertEquals(3, Counterexamples.rotatingSlice(20, 1001).localMinima());
        assertEquals(13, t80.localMinima());
        assertTrue(t80.maxAbsSlope() > 10 * t5.maxAbsSlope(),
                "max slope " + t5.maxAbsSlope() + " at T = 5, " + t80.maxAbsSlope() + " at T = 80");
    }

    @Test
    void saturatedBiasKeepsTheStateGainButKillsTheWeightGradient() {
        Counterexamples.Saturation b0 = Counterexamples.saturation(0.0);
        Counterexamples.Saturation b3 = Counterexamples.saturation(3.0);
        assertEquals(2.164, b0.stateGain(), 0.002);
        assertEquals(1.0136, b3.stateGain(), 0.001);
        assertTrue(b3.stateGainMin() >= 1.0, "σ_min " + b3.stateGainMin());
        double ratio = b3.weightGradient() / b0.weightGradient();
        assertTrue(ratio < 1e-2 && ratio > 1e-3, "ratio " + ratio);
    }

    @Test
    void signFlippedWeightsCancelTheParameterGradient() {
        Counterexamples.Cancellation c = Counterexamples.cancellation(2000);
        assertEquals(1.0, c.stateGain(), 1e-2);
        assertEquals(1.0, c.stateGainMin(), 1e-2);
        assertTrue(c.cancelledGradient() < 1e-2 * c.referenceGradient(),
                c.cancelledGradient() + " vs " + c.referenceGradient());
        // O(h): halving h halves what is left.
        double coarse = Counterexamples.cancellation(1000).cancelledGradient();
        assertEquals(2.0, coarse / c.cancelledGradient(), 0.1);
    }
}

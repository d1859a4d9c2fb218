package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.net.OdeNetwork;

/** D8 and D2 on the saturated-bias flow of counterexample 4 and on rotations. */
class NormProfileTest {

    private static OdeNetwork biased(double b) {
        OdeNetwork net = Counterexamples.identityProjected("baseode", 2, Map.of("d", "2", "steps", "100", "T", "5",
                "activation", "tanh", "bias", "true"));
        Counterexamples.setBlock(net, "flow.W", 1, 0, 0, 1);
        Counterexamples.setBlock(net, "bias", b, b);
        return net;
    }

    @Test
    void saturationFlattensTheStateGradientAndStarvesTheWeights() {
        Random rng = new Random(3);
        double[][] batch = new double[16][2];
        for (double[] x : batch) {
            x[0] = 0.5 * rng.nextGaussian();
            x[1] = 0.5 * rng.nextGaussian();
        }
        Loss loss = Loss.quadratic(new double[2]);
        NormProfile b0 = NormProfile.of(biased(0.0), batch, loss);
        NormProfile b3 = NormProfile.of(biased(3.0), batch, loss);
        double flat = b3.stateGradient()[0] / b3.stateGradient()[99];
        assertEquals(1.0, flat, 0.02, "state gradient ratio over the flow");
        assertTrue(b3.parameterGradient()[50] < 2e-2 * b0.parameterGradient()[50]);
        assertEquals(0.0, b3.signDiversity()[50], 0.0, "every pre-activation is positive at b = 3");
        assertTrue(b0.signDiversity()[0] > 0.3, "diversity " + b0.signDiversity()[0]);
        assertTrue(b3.preActivationSpread()[0] > 0.3);
    }

    @Test
    void rotationBandIsCosTheta() {
        double theta = 2.0;
        OdeNetwork net = Counterexamples.identityProjected("baseode", 2, Map.of("d", "2", "steps", "50", "T", "2",
                "activation", "identity", "solver", "rk4"));
        Counterexamples.setBlock(net, "flow.W", Math.cos(theta), -Math.sin(theta), Math.sin(theta), Math.cos(theta));
        SymmetricBand band = SymmetricBand.of(UnrolledFlow.of(net, new double[] {1, 0}, Loss.linear(new double[] {1, 0})));
        for (int k = 0; k < 50; k++) {
            assertEquals(Math.cos(theta), band.lower()[k], 1e-12);
            assertEquals(Math.cos(theta), band.upper()[k], 1e-12);
        }
        assertEquals(2 * Math.cos(theta), band.integratedUpper(), 1e-12);
    }

    @Test
    void bandBracketsTheLogGainOfANonlinearFlow() {
        OdeNetwork net = Counterexamples.identityProjected("odetoode", 4, Map.of("d", "4", "steps", "400", "T", "3",
                "solver", "rk4", "seed", "5"));
        UnrolledFlow flow = UnrolledFlow.of(net, new double[] {0.5, -0.3, 0.8, 0.1}, Loss.quadratic(new double[4]));
        SymmetricBand band = SymmetricBand.of(flow);
        JacobianSpectrum s = JacobianSpectrum.of(flow.chain());
        double slack = 1e-2;
        assertTrue(Math.log(s.finalMaxGain()) <= band.integratedUpper() + slack);
        assertTrue(Math.log(s.finalMinGain()) >= band.integratedLower() - slack);
    }
}

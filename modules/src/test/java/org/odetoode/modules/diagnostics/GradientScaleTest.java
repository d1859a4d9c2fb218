package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.OdeNetwork;

/** D3's parameter analogue against the ResNet, whose per-step weights are literally the parameters θ_k. */
class GradientScaleTest {

    @Test
    void parameterAnalogueOfAResNetUsesItsOwnLayerGradients() {
        int steps = 6;
        OdeNetwork net = Counterexamples.identityProjected("resnet", 3, Map.of("d", "3", "steps", "6", "T", "2",
                "seed", "8"));
        Loss loss = Loss.quadratic(new double[] {0.5, -1, 0.2});
        UnrolledFlow flow = UnrolledFlow.of(net, new double[] {0.3, 0.9, -0.4}, loss);
        GradientScale g = GradientScale.of(flow, steps);
        ParameterBlock layers = Counterexamples.block(net, "flow.W[layers]");
        double[] grad = flow.gradients().parameters();
        double[] theta = net.parameters();
        for (int k = 0; k < steps; k++) {
            double gn = 0.0;
            double tn = 0.0;
            for (int i = 0; i < 9; i++) {
                int at = layers.offset() + 9 * k + i;
                gn += grad[at] * grad[at];
                tn += theta[at] * theta[at];
            }
            assertEquals(Math.sqrt(gn) * Math.sqrt(tn) / flow.loss(), g.parameterScale()[k], 1e-12, "layer " + k);
        }
        assertEquals(1.0, g.gsc()[steps], 1e-12, "GSC of x_N with itself");
    }
}

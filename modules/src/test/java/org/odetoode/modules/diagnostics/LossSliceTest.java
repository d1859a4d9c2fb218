package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.Policies;

/** D5 on curves with known slope, curvature and minima. */
class LossSliceTest {

    @Test
    void cosineSliceHasKnownMinimaSlopeAndCurvature() {
        LossSlice s = LossSlice.of(LossSlice.grid(0, 6 * Math.PI, 6001), Math::cos);
        assertEquals(3, s.localMinima());
        assertEquals(1.0, s.maxAbsSlope(), 1e-5);
        assertEquals(-1.0, s.curvatures()[0], 1e-4);
    }

    @Test
    void networkSliceRestoresParametersAndIsZeroAtTheOrigin() {
        Network net = Policies.network("odetoode", 3, 2, Map.of("d", "4", "steps", "5"));
        double[] before = net.parameters();
        double[] u = new double[before.length];
        u[0] = 1.0;
        double[][] inputs = {{0.1, 0.2, 0.3}};
        Loss loss = Loss.quadratic(new double[] {0.5, -0.5});
        LossSlice s = LossSlice.along(net, inputs, loss, u, LossSlice.grid(-1, 1, 5));
        double[] out = new double[2];
        net.forward(inputs[0], out);
        assertEquals(loss.value(out), s.values()[2], 0.0);
        assertEquals(before[0], net.parameters()[0], 0.0);
    }

    @Test
    void tooFewPointsIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> LossSlice.grid(0, 1, 2));
    }
}

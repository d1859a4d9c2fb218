package org.odetoode.modules.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionHeadTest {

    @Test
    void discreteHeadTakesArgmaxAndDifferentiatesLogSoftmax() {
        DiscreteHead head = new DiscreteHead(3);
        double[] a = new double[1];
        head.act(new double[] {0.1, 2.0, -1.0}, a);
        assertEquals(1.0, a[0]);
        double[] logits = {0.3, -0.2, 1.1};
        double[] grad = new double[3];
        head.logProbabilityGradient(logits, 2, grad);
        double eps = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] p = logits.clone();
            double[] m = logits.clone();
            p[i] += eps;
            m[i] -= eps;
            double fd = (head.logProbability(p, 2) - head.logProbability(m, 2)) / (2 * eps);
            assertEquals(fd, grad[i], 1e-9);
        }
        double[] probs = new double[3];
        head.probabilities(new double[] {1000, 1000, 0}, probs);
        assertEquals(0.5, probs[0], 1e-15);
    }

    @Test
    void boxHeadSquashesIntoTheBoundsOrClips() {
        double[] a = new double[2];
        new BoxHead(new double[] {-2, 0}, new double[] {2, 1}, BoxHead.Squash.TANH).act(new double[] {0, 50}, a);
        assertEquals(0.0, a[0], 1e-15);
        assertEquals(1.0, a[1], 1e-15);
        new BoxHead(new double[] {-2, 0}, new double[] {2, 1}, BoxHead.Squash.CLIP).act(new double[] {-3, 0.5}, a);
        assertEquals(-2.0, a[0]);
        assertEquals(0.5, a[1]);
        assertThrows(IllegalArgumentException.class, () -> BoxHead.Squash.parse("sigmoid"));
    }

    @Test
    void policyChecksTheHeadFitsTheNetwork() {
        assertThrows(IllegalArgumentException.class,
                () -> new Policy(Policies.network("linear", 4, 2, Map.of()), new DiscreteHead(3)));
        Policy p = new Policy(Policies.network("linear", 4, 2, Map.of()), new DiscreteHead(2));
        double[] a = new double[1];
        p.act(new double[4], a);
        assertEquals(0.0, a[0]);
    }
}

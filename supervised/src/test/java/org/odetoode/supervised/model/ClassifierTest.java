package org.odetoode.supervised.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassifierTest {

    /** −log softmax written out directly, in a different form from the max-shifted one under test. */
    private static double reference(double[] z, int label) {
        double sum = 0.0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        return -Math.log(Math.exp(z[label]) / sum);
    }

    @Test
    void crossEntropyMatchesTheDefinitionAndItsGradientMatchesFiniteDifferences() {
        double[] z = {0.3, -1.2, 2.0, 0.7};
        double[] g = new double[4];
        double weight = 0.25;
        double loss = Classifier.crossEntropy(z, 2, weight, g);
        assertEquals(weight * reference(z, 2), loss, 1e-14);
        for (int i = 0; i < z.length; i++) {
            double e = 1e-6;
            double[] up = z.clone();
            double[] down = z.clone();
            up[i] += e;
            down[i] -= e;
            double fd = weight * (reference(up, 2) - reference(down, 2)) / (2 * e);
            assertEquals(fd, g[i], 1e-9, "dL/dz" + i);
        }
    }

    @Test
    void crossEntropyStaysFiniteForLargeLogits() {
        double[] g = new double[2];
        double loss = Classifier.crossEntropy(new double[] {1000.0, 0.0}, 1, 1.0, g);
        assertEquals(1000.0, loss, 1e-9);
        assertEquals(1.0, g[0], 1e-12);
        assertEquals(-1.0, g[1], 1e-12);
    }
}

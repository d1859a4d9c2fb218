package org.odetoode.agents.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrthogonalSamplerTest {

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void directionsAreOrthogonalWithinEachBlockOfAtMostDimension() {
        int dim = 12;
        Perturbations p = new OrthogonalSampler(OrthogonalSampler.RowNorm.CHI).sample(30, dim, 5);
        assertEquals(30, p.directions());
        for (int i = 0; i < 30; i++) {
            for (int j = i + 1; j < 30; j++) {
                if (i / dim == j / dim) {
                    double cos = dot(p.direction(i), p.direction(j))
                            / Math.sqrt(dot(p.direction(i), p.direction(i)) * dot(p.direction(j), p.direction(j)));
                    assertEquals(0.0, cos, 1e-12, "directions " + i + " and " + j);
                }
            }
        }
    }

    @Test
    void sqrtDimFixesEveryLength() {
        int dim = 9;
        Perturbations p = new OrthogonalSampler(OrthogonalSampler.RowNorm.SQRT_DIM).sample(20, dim, 3);
        for (int i = 0; i < 20; i++) {
            assertEquals(dim, dot(p.direction(i), p.direction(i)), 1e-10);
        }
    }

    @Test
    void chiLengthsHaveTheGaussianMeanSquare() {
        int dim = 8;
        Perturbations p = new OrthogonalSampler(OrthogonalSampler.RowNorm.CHI).sample(8000, dim, 11);
        double meanSquare = 0.0;
        for (int i = 0; i < p.directions(); i++) {
            meanSquare += dot(p.direction(i), p.direction(i)) / p.directions();
        }
        // E‖ε‖² = dim for ε ~ N(0, I); chi lengths keep that, with sd √(2 dim / 8000) ≈ 0.045.
        assertEquals(dim, meanSquare, 0.25);
        boolean varied = Math.abs(dot(p.direction(0), p.direction(0)) - dot(p.direction(1), p.direction(1))) > 1e-6;
        assertTrue(varied, "chi lengths differ between directions");
    }
}

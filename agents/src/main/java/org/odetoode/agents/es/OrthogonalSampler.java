package org.odetoode.agents.es;

import java.util.Locale;
import org.odetoode.agents.internal.Seeds;
import org.odetoode.envs.Rng;

/**
 * Structured directions of Choromanski et al. (2018, "Structured Evolution with Compact Architectures for Scalable
 * Policy Optimization", §3): within each block of at most {@code dimension} directions the directions are exactly
 * orthogonal, taken from the QR decomposition of a Gaussian matrix (Gram-Schmidt on its columns, which is Q with a
 * positive diagonal of R, so the frame is Haar-distributed). Blocks are independent.
 *
 * <p>Each unit direction is then given a length: {@link RowNorm#CHI} draws it from the chi distribution with
 * {@code dimension} degrees of freedom (the norm of an independent Gaussian vector), so every direction is marginally
 * N(0, I) and the gradient estimate stays unbiased; {@link RowNorm#SQRT_DIM} fixes it at √dimension.
 */
public record OrthogonalSampler(RowNorm rowNorm) implements PerturbationSampler {

    /** How long each orthogonal direction is. */
    public enum RowNorm {
        CHI, SQRT_DIM;

        /** The config spelling: {@code chi}, {@code sqrt-dim}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public Perturbations sample(int directions, int dimension, long seed) {
        double[][] rows = new double[directions][];
        for (int start = 0, block = 0; start < directions; start += dimension, block++) {
            int k = Math.min(dimension, directions - start);
            Rng rng = new Rng(Seeds.derive(seed, block, 0, 0));
            double[][] q = new double[k][dimension];
            for (double[] column : q) {
                for (int j = 0; j < dimension; j++) {
                    column[j] = rng.nextGaussian();
                }
            }
            orthonormalize(q);
            for (int i = 0; i < k; i++) {
                scale(q[i], length(rng, dimension));
                rows[start + i] = q[i];
            }
        }
        return new PerturbationSampler.DenseRows(rows, dimension);
    }

    private double length(Rng rng, int dimension) {
        if (rowNorm == RowNorm.SQRT_DIM) {
            return Math.sqrt(dimension);
        }
        double s = 0.0;
        for (int j = 0; j < dimension; j++) {
            double g = rng.nextGaussian();
            s += g * g;
        }
        return Math.sqrt(s);
    }

    /** Modified Gram-Schmidt, each vector swept twice so orthogonality holds to rounding even when k = dimension. */
    static void orthonormalize(double[][] v) {
        for (int i = 0; i < v.length; i++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = dot(v[i], v[j]);
                    for (int t = 0; t < v[i].length; t++) {
                        v[i][t] -= dot * v[j][t];
                    }
                }
            }
            scale(v[i], 1.0 / Math.sqrt(dot(v[i], v[i])));
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int t = 0; t < a.length; t++) {
            s += a[t] * b[t];
        }
        return s;
    }

    private static void scale(double[] a, double s) {
        for (int t = 0; t < a.length; t++) {
            a[t] *= s;
        }
    }
}

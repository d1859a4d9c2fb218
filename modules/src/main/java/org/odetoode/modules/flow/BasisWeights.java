package org.odetoode.modules.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hipparchus.analysis.polynomials.PolynomialFunction;
import org.hipparchus.analysis.polynomials.PolynomialsUtils;
import org.odetoode.modules.Names;
import org.odetoode.modules.ParameterBlock;

/**
 * The NANODE baseline (Davis et al. 2020, "Time Dependence in Non-Autonomous Neural ODEs"): W(t) = Σ_k φ_k(t) A_k,
 * k = 0..K−1, a learned combination of K fixed functions of time on [0, T] with free d-by-d coefficients A_k.
 * Nothing ties W to its past values (no ODE on W) and nothing keeps it on O(d).
 *
 * <p>Every basis has φ_0 ≡ 1 for K = 1, which is then BaseODE with A_0 = W; the piecewise basis with one block per
 * Euler step is the ResNet's independent weights per layer. The coefficients start so that W(t) = H, the Haar
 * matrix, for every t: the network starts as BaseODE does.
 */
public final class BasisWeights implements ParameterFlow {

    /** The time basis φ_0 .. φ_{K−1}, written with u = t/T ∈ [0, 1]. */
    public enum Basis {
        /** K equal blocks: φ_k(u) = 1 on [k/K, (k+1)/K) (the last block closed at u = 1), else 0. */
        PIECEWISE,
        /**
         * The cosine series φ_k(u) = cos(kπu), the Fourier series of W's even extension to [−T, T]: smooth, complete
         * on [0, T], and unlike sines and cosines of period T it does not force W(0) = W(T).
         */
        FOURIER,
        /** The shifted Legendre polynomials φ_k(u) = P_k(2u − 1), orthogonal on [0, 1] (better conditioned than 1, u, u²..). */
        POLYNOMIAL;

        /** The name used in configs. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a config name, e.g. {@code fourier}. */
        public static Basis parse(String name) {
            return Names.parse("basis", name, values());
        }
    }

    private final int d;
    private final Basis basis;
    private final int size;
    private final double horizon;
    private final double[] haar;
    private final PolynomialFunction[] legendre;
    private final double[] phi;

    /**
     * @param size K, the number of basis functions
     * @param horizon T, the end of the time interval the basis covers
     * @param haar the Haar-random H that W(t) starts at (copied)
     */
    public BasisWeights(int d, Basis basis, int size, double horizon, double[] haar) {
        if (size < 1) {
            throw new IllegalArgumentException("basis size must be >= 1, got " + size);
        }
        this.d = d;
        this.basis = basis;
        this.size = size;
        this.horizon = horizon;
        this.haar = haar.clone();
        this.phi = new double[size];
        this.legendre = new PolynomialFunction[basis == Basis.POLYNOMIAL ? size : 0];
        for (int k = 0; k < legendre.length; k++) {
            legendre[k] = PolynomialsUtils.createLegendrePolynomial(k);
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    /** The time basis. */
    public Basis basis() {
        return basis;
    }

    /** K, the number of basis functions and of coefficient matrices. */
    public int size() {
        return size;
    }

    @Override
    public int parameterCount() {
        return size * d * d;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        return List.of(new ParameterBlock(prefix + "A[" + basis.key() + " " + size + "]", base, parameterCount()));
    }

    /**
     * W(t) = H for every t: the block of every piece is H for the piecewise basis; for the others, whose φ_0 ≡ 1,
     * A_0 = H and the higher coefficients are 0.
     */
    @Override
    public void initialize(Random rng, double[] p, int off) {
        int blocks = basis == Basis.PIECEWISE ? size : 1;
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(haar, 0, p, off + k * d * d, d * d);
        }
        Arrays.fill(p, off + blocks * d * d, off + size * d * d, 0.0);
    }

    @Override
    public boolean staysOrthogonal() {
        return false;
    }

    /**
     * Writes φ_0 .. φ_{K−1} at grid point j of spacing dt, t_j = j·dt, into {@code out}. The piecewise block is
     * found in integer arithmetic on the grid index (j·K / M with M = T/dt grid intervals), so that a point on a
     * block boundary belongs to the later block exactly, whatever the rounding of j·dt.
     */
    public void basisAt(int j, double dt, double[] out) {
        long intervals = Math.round(horizon / dt);
        double u = (double) j / intervals;
        switch (basis) {
            case PIECEWISE -> {
                Arrays.fill(out, 0, size, 0.0);
                out[(int) Math.min((long) j * size / intervals, size - 1)] = 1.0;
            }
            case FOURIER -> {
                for (int k = 0; k < size; k++) {
                    out[k] = Math.cos(k * Math.PI * u);
                }
            }
            case POLYNOMIAL -> {
                for (int k = 0; k < size; k++) {
                    out[k] = legendre[k].value(2.0 * u - 1.0);
                }
            }
            default -> throw new IllegalStateException(basis.toString());
        }
    }

    @Override
    public void weights(double[] p, int off, double dt, int m, double[][] grid) {
        extendWeights(p, off, dt, -1, m, grid);
    }

    @Override
    public void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid) {
        int dd = d * d;
        for (int j = from + 1; j <= m; j++) {
            basisAt(j, dt, phi);
            double[] w = grid[j];
            Arrays.fill(w, 0.0);
            for (int k = 0; k < size; k++) {
                double c = phi[k];
                if (c == 0.0) {
                    continue;
                }
                int o = off + k * dd;
                for (int i = 0; i < dd; i++) {
                    w[i] += c * p[o + i];
                }
            }
        }
    }

    /** The transpose of {@link #weights}: dL/dA_k = Σ_j φ_k(t_j) dL/dW_j. */
    @Override
    public void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp) {
        int dd = d * d;
        for (int j = 0; j <= m; j++) {
            basisAt(j, dt, phi);
            double[] g = gw[j];
            for (int k = 0; k < size; k++) {
                double c = phi[k];
                if (c == 0.0) {
                    continue;
                }
                int o = off + k * dd;
                for (int i = 0; i < dd; i++) {
                    gp[o + i] += c * g[i];
                }
            }
        }
    }
}

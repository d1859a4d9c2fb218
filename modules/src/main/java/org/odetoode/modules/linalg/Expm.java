package org.odetoode.modules.linalg;

/**
 * The matrix exponential by scaling and squaring with Padé approximants (Higham, "The scaling and squaring method
 * for the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005, Algorithm 2.3), and the adjoint
 * of its Fréchet derivative for reverse-mode gradients.
 *
 * <p>For a skew-symmetric A every diagonal Padé approximant r(A) = (V − U)⁻¹(V + U) is exactly orthogonal in exact
 * arithmetic (U is odd and V even in A, so they commute and V − U = (V + U)ᵀ), which is why the parameter flow
 * stays on O(d) to rounding.
 *
 * <p>An instance owns scratch space for one dimension and is not thread-safe; it allocates nothing per call.
 */
public final class Expm {
    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};
    private static final double[][] PADE = {
        {120, 60, 12, 1},
        {30240, 15120, 3360, 420, 30, 1},
        {17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
        {17643225600.0, 8821612800.0, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1},
        {64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
            10559470521600.0, 670442572800.0, 33522128640.0, 1323241920, 40840800, 960960, 16380, 182, 1},
    };

    private final int n;
    private final double[] a;
    private final double[] a2;
    private final double[] a4;
    private final double[] a6;
    private final double[] u;
    private final double[] v;
    private final double[] t;
    private final double[] lhs;
    private final int[] pivot;
    private final double[] lower;
    private final double[] columnSums;
    private Expm twice;
    private double[] block;
    private double[] blockExp;

    /** Scratch for n-by-n matrices. */
    public Expm(int n) {
        this.n = n;
        int nn = n * n;
        a = new double[nn];
        a2 = new double[nn];
        a4 = new double[nn];
        a6 = new double[nn];
        u = new double[nn];
        v = new double[nn];
        t = new double[nn];
        lhs = new double[nn];
        pivot = new int[n];
        lower = new double[nn];
        columnSums = new double[n];
    }

    /** The dimension this instance works on. */
    public int dimension() {
        return n;
    }

    /** out = expm(A). {@code out} may alias {@code aIn}. */
    public void exp(double[] aIn, double[] out) {
        int nn = n * n;
        System.arraycopy(aIn, 0, a, 0, nn);
        double norm = Matrices.norm1(n, a, columnSums);
        if (!Double.isFinite(norm)) {
            throw new ArithmeticException("expm of a matrix with non-finite entries");
        }
        int squarings = 0;
        int degree;
        if (norm <= THETA[0]) {
            degree = 0;
        } else if (norm <= THETA[1]) {
            degree = 1;
        } else if (norm <= THETA[2]) {
            degree = 2;
        } else if (norm <= THETA[3]) {
            degree = 3;
        } else {
            degree = 4;
            squarings = Math.max(0, (int) Math.ceil(Math.log(norm / THETA[4]) / Math.log(2.0)));
            double scale = Math.scalb(1.0, -squarings);
            for (int i = 0; i < nn; i++) {
                a[i] *= scale;
            }
        }
        padeNumeratorDenominator(degree);
        // (V − U) X = (V + U)
        for (int i = 0; i < nn; i++) {
            lhs[i] = v[i] - u[i];
            out[i] = v[i] + u[i];
        }
        Matrices.solveInPlace(n, lhs, out, pivot, lower);
        for (int s = 0; s < squarings; s++) {
            Matrices.mul(n, out, out, t);
            System.arraycopy(t, 0, out, 0, nn);
        }
    }

    /** Fills u (odd part) and v (even part) of the Padé approximant of the given degree index. */
    private void padeNumeratorDenominator(int degree) {
        int nn = n * n;
        double[] b = PADE[degree];
        Matrices.mul(n, a, a, a2);
        if (degree < 4) {
            // Horner-free accumulation: powers A^2, A^4, ... built as needed (at most A^8).
            java.util.Arrays.fill(t, 0, nn, 0.0);
            java.util.Arrays.fill(v, 0, nn, 0.0);
            for (int i = 0; i < n; i++) {
                t[i * n + i] = b[1];
                v[i * n + i] = b[0];
            }
            System.arraycopy(a2, 0, a4, 0, nn); // a4 holds the running even power A^{2j}
            for (int j = 1; 2 * j < b.length; j++) {
                Matrices.addScaled(n, t, b[2 * j + 1], a4);
                Matrices.addScaled(n, v, b[2 * j], a4);
                if (2 * (j + 1) < b.length) {
                    Matrices.mul(n, a4, a2, a6);
                    System.arraycopy(a6, 0, a4, 0, nn);
                }
            }
            Matrices.mul(n, a, t, u);
            return;
        }
        Matrices.mul(n, a2, a2, a4);
        Matrices.mul(n, a4, a2, a6);
        // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
        for (int i = 0; i < nn; i++) {
            lhs[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
        }
        Matrices.mul(n, a6, lhs, t);
        for (int i = 0; i < nn; i++) {
            t[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
        }
        for (int i = 0; i < n; i++) {
            t[i * n + i] += b[1];
        }
        Matrices.mul(n, a, t, u);
        // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
        for (int i = 0; i < nn; i++) {
            lhs[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
        }
        Matrices.mul(n, a6, lhs, v);
        for (int i = 0; i < nn; i++) {
            v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
        }
        for (int i = 0; i < n; i++) {
            v[i * n + i] += b[0];
        }
    }

    /**
     * The Fréchet derivative L(A, E) = d/dε expm(A + εE) at ε = 0, read off the upper-right block of
     * expm([[A, E], [0, A]]) (Higham, Functions of Matrices, 2008, Thm. 3.6). L is linear in E, so E is scaled to
     * A's norm (at least 0.1) first: the block then needs no more Padé degree or squarings than A itself, which for
     * the small step matrices h·b of a flow means a degree-5 approximant of a 2d-by-2d matrix, while the relative
     * accuracy of the upper-right block stays near machine precision.
     */
    public void frechet(double[] aIn, double[] e, double[] out) {
        ensureBlockScratch();
        int m = 2 * n;
        double normA = Matrices.norm1(n, aIn, columnSums);
        double normE = Matrices.norm1(n, e, columnSums);
        double c = normE == 0.0 ? 1.0 : Math.max(normA, 0.1) / normE;
        java.util.Arrays.fill(block, 0.0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double aij = aIn[i * n + j];
                block[i * m + j] = aij;
                block[(i + n) * m + (j + n)] = aij;
                block[i * m + (j + n)] = c * e[i * n + j];
            }
        }
        twice.exp(block, blockExp);
        double inv = 1.0 / c;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = inv * blockExp[i * m + (j + n)];
            }
        }
    }

    /**
     * The adjoint of the Fréchet derivative under the Frobenius inner product: for a loss with dL/d expm(A) = G,
     * dL/dA = L(Aᵀ, G).
     */
    public void frechetAdjoint(double[] aIn, double[] g, double[] out) {
        ensureBlockScratch();
        Matrices.transpose(n, aIn, t); // frechet() does not touch this instance's scratch t
        frechet(t, g, out);
    }

    private void ensureBlockScratch() {
        if (twice == null) {
            twice = new Expm(2 * n);
            block = new double[4 * n * n];
            blockExp = new double[4 * n * n];
        }
    }
}

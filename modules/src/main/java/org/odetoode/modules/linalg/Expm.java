package org.odetoode.modules.linalg;

import org.odetoode.modules.internal.LaneMatrices;

/**
 * The matrix exponential by scaling and squaring with Padé approximants (Higham, "The scaling and squaring method
 * for the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005, Algorithm 2.3), and the adjoint
 * of its Fréchet derivative for reverse-mode gradients.
 *
 * <p>For a skew-symmetric A every diagonal Padé approximant r(A) = (V − U)⁻¹(V + U) is exactly orthogonal in exact
 * arithmetic (U is odd and V even in A, so they commute and V − U = (V + U)ᵀ), which is why the parameter flow
 * stays on O(d) to rounding.
 *
 * <p>An instance owns scratch space for one dimension and is not thread-safe; it allocates nothing per call. One made
 * by {@link #lanes} exponentiates a group of matrices in SIMD lanes ({@link LaneMatrices}), each lane bit for bit as
 * {@link #exp(double[], double[])} would.
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

    /**
     * The fewest lanes of the lane exp's smaller class that run as a second lane pass rather than one by one: a pass
     * costs about as much as three scalar exps at d = 16.
     */
    private static final int PASS_LANES = 3;

    private final int n;
    /** Matrices per instance, one per SIMD lane; 1 for the scalar instance. */
    private final int lanes;
    private final double[] a;
    private final double[] a2;
    private final double[] a4;
    private final double[] a6;
    private final double[] u;
    private final double[] v;
    private final double[] t;
    private final double[] lhs;
    private final int[] pivot;
    private final double[] columnSums;
    private final double[] norms;
    private final int[] laneDegree;
    private final int[] laneSquarings;
    private final double[] laneCoefficients;
    /** The lane exp's second class of lanes, before it joins the first in out; null in the scalar instance. */
    private final double[] secondOut;
    /** One lane's matrix, for the scalar exp of a lane that runs alone; null in the scalar instance. */
    private final double[] alone;
    /** For the lanes whose Padé degree differs from the group's. */
    private Expm single;
    private Expm twice;
    private double[] block;
    private double[] blockExp;

    /** Scratch for n-by-n matrices. */
    public Expm(int n) {
        this(n, 1);
    }

    private Expm(int n, int lanes) {
        this.n = n;
        this.lanes = lanes;
        int nn = n * n * lanes;
        a = new double[nn];
        a2 = new double[nn];
        a4 = new double[nn];
        a6 = new double[nn];
        u = new double[nn];
        v = new double[nn];
        t = new double[nn];
        lhs = new double[nn];
        pivot = new int[n];
        columnSums = new double[n * lanes];
        norms = new double[lanes];
        laneDegree = new int[lanes];
        laneSquarings = new int[lanes];
        laneCoefficients = new double[lanes];
        secondOut = lanes == 1 ? null : new double[nn];
        alone = lanes == 1 ? null : new double[n * n];
    }

    /**
     * Scratch for a group of {@link LaneMatrices#LANES} n-by-n matrices in lanes, for {@link #exp(double[], double[],
     * long)}; the Vector API must be present.
     */
    public static Expm lanes(int n) {
        return new Expm(n, LaneMatrices.LANES);
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
        int degree = padeDegree(norm);
        int squarings = degree == PADE.length - 1 ? squarings(norm) : 0;
        if (squarings > 0) {
            double scale = Math.scalb(1.0, -squarings);
            for (int i = 0; i < nn; i++) {
                a[i] *= scale;
            }
        }
        laneDegree[0] = degree;
        padeNumeratorDenominator(1L);
        // (V − U) X = (V + U)
        for (int i = 0; i < nn; i++) {
            lhs[i] = v[i] - u[i];
            out[i] = v[i] + u[i];
        }
        Matrices.solveInPlace(n, lhs, out, pivot);
        for (int s = 0; s < squarings; s++) {
            Matrices.mul(n, out, out, t);
            System.arraycopy(t, 0, out, 0, nn);
        }
    }

    /**
     * out = expm(A) in each lane of {@code live}, for matrices in the {@link LaneMatrices} layout of an instance made
     * by {@link #lanes}; {@code out} must not alias {@code aIn}. Every lane does the operations of
     * {@link #exp(double[], double[])}. The lanes split by their Padé degree: those below 13 run together, each lane
     * adding its own terms of the approximant (a lane of lower degree skips the later ones), and those of degree 13
     * run together, each with its own scaling and number of squarings. The larger class runs in lanes, and so does
     * the smaller unless it has fewer than {@link #PASS_LANES} lanes, which then run one by one through the scalar exp.
     *
     * @return the lanes of {@code live} where the scalar exp throws (a non-finite norm, a singular V − U); their
     *     {@code out}, like that of the lanes outside {@code live}, is meaningless
     */
    public long exp(double[] aIn, double[] out, long live) {
        int nn = n * n;
        System.arraycopy(aIn, 0, a, 0, nn * lanes);
        LaneMatrices.norm1(n, a, columnSums, norms);
        long failed = 0;
        long low = 0;
        long high = 0;
        for (int l = 0; l < lanes; l++) {
            if ((live >>> l & 1) == 0) {
                continue;
            }
            if (!Double.isFinite(norms[l])) {
                failed |= 1L << l;
                continue;
            }
            laneDegree[l] = padeDegree(norms[l]);
            if (laneDegree[l] == PADE.length - 1) {
                high |= 1L << l;
            } else {
                low |= 1L << l;
            }
        }
        long first = Long.bitCount(low) >= Long.bitCount(high) ? low : high;
        long second = first ^ (low | high);
        failed |= pass(first, out);
        long oneByOne = 0;
        if (Long.bitCount(second) >= PASS_LANES) {
            failed |= pass(second, secondOut);
            LaneMatrices.copyLanes(secondOut, out, nn, second);
        } else {
            oneByOne = second;
        }
        for (int l = 0; l < lanes; l++) {
            if ((oneByOne >>> l & 1) != 0 && !expAlone(aIn, out, l)) {
                failed |= 1L << l;
            }
        }
        return failed;
    }

    /**
     * The lane exp of the lanes of {@code group}, all of degree 13 or all below, from {@code a} into {@code out}.
     * Returns the lanes whose V − U is singular.
     */
    private long pass(long group, double[] out) {
        if (group == 0) {
            return 0;
        }
        int nn = n * n;
        int squarings = 0;
        for (int l = 0; l < lanes; l++) {
            laneSquarings[l] = 0;
            if ((group >>> l & 1) != 0 && laneDegree[l] == PADE.length - 1) {
                int s = squarings(norms[l]);
                laneSquarings[l] = s;
                squarings = Math.max(squarings, s);
                double scale = Math.scalb(1.0, -s);
                for (int i = l; i < nn * lanes; i += lanes) {
                    a[i] *= scale;
                }
            }
        }
        padeNumeratorDenominator(group);
        for (int i = 0; i < nn * lanes; i++) {
            lhs[i] = v[i] - u[i];
            out[i] = v[i] + u[i];
        }
        long singular = LaneMatrices.solveInPlace(n, lhs, out) & group;
        for (int s = 0; s < squarings; s++) {
            LaneMatrices.mul(n, out, out, t);
            long squaring = 0;
            for (int l = 0; l < lanes; l++) {
                squaring |= laneSquarings[l] > s ? 1L << l : 0;
            }
            LaneMatrices.copyLanes(t, out, nn, squaring);
        }
        return singular;
    }

    /** Lane l of out = expm(lane l of aIn) by the scalar exp; false where that throws. */
    private boolean expAlone(double[] aIn, double[] out, int l) {
        int nn = n * n;
        if (single == null) {
            single = new Expm(n);
        }
        double[] one = alone;
        for (int i = 0; i < nn; i++) {
            one[i] = aIn[i * lanes + l];
        }
        try {
            single.exp(one, one);
        } catch (ArithmeticException singular) {
            return false;
        }
        for (int i = 0; i < nn; i++) {
            out[i * lanes + l] = one[i];
        }
        return true;
    }

    /**
     * The index (0..4, for degrees 3, 5, 7, 9, 13) of the lowest Padé degree accurate to double precision for a
     * matrix of 1-norm {@code norm}: the highest for any norm above the degree-9 bound, which is then scaled down.
     */
    private static int padeDegree(double norm) {
        for (int degree = 0; degree < THETA.length - 1; degree++) {
            if (norm <= THETA[degree]) {
                return degree;
            }
        }
        return THETA.length - 1;
    }

    /** Squarings after the degree-13 approximant of a matrix of 1-norm {@code norm}, which is scaled by 2^−s first. */
    private static int squarings(double norm) {
        return Math.max(0, (int) Math.ceil(Math.log(norm / THETA[4]) / Math.log(2.0)));
    }

    /**
     * Fills u (odd part) and v (even part) of the Padé approximant of each lane's degree, {@code laneDegree[l]}, in
     * the lanes of {@code group}: all of degree 13, or all below, where a lane adds only the terms of its own degree.
     */
    private void padeNumeratorDenominator(long group) {
        int len = n * n * lanes;
        int top = 0;
        for (int l = 0; l < lanes; l++) {
            top = (group >>> l & 1) != 0 ? Math.max(top, laneDegree[l]) : top;
        }
        mul(a, a, a2);
        if (top < 4) {
            // Horner-free accumulation: powers A^2, A^4, ... built as needed (at most A^8).
            java.util.Arrays.fill(t, 0, len, 0.0);
            java.util.Arrays.fill(v, 0, len, 0.0);
            addDiagonal(t, coefficients(group, 1));
            addDiagonal(v, coefficients(group, 0));
            System.arraycopy(a2, 0, a4, 0, len); // a4 holds the running even power A^{2j}
            for (int j = 1; j <= top + 1; j++) {
                // The lanes whose approximant has the terms of A^{2j}: degree index at least j − 1.
                long terms = 0;
                for (int l = 0; l < lanes; l++) {
                    terms |= (group >>> l & 1) != 0 && laneDegree[l] >= j - 1 ? 1L << l : 0;
                }
                addScaled(t, coefficients(terms, 2 * j + 1), a4, terms);
                addScaled(v, coefficients(terms, 2 * j), a4, terms);
                if (j <= top) {
                    mul(a4, a2, a6);
                    System.arraycopy(a6, 0, a4, 0, len);
                }
            }
            mul(a, t, u);
            return;
        }
        double[] b = PADE[4];
        mul(a2, a2, a4);
        mul(a4, a2, a6);
        // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
        for (int i = 0; i < len; i++) {
            lhs[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
        }
        mul(a6, lhs, t);
        for (int i = 0; i < len; i++) {
            t[i] += b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
        }
        addDiagonal(t, coefficients(group, 1));
        mul(a, t, u);
        // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
        for (int i = 0; i < len; i++) {
            lhs[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
        }
        mul(a6, lhs, v);
        for (int i = 0; i < len; i++) {
            v[i] += b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
        }
        addDiagonal(v, coefficients(group, 0));
    }

    /** Per lane, coefficient b_k of the lane's approximant in the lanes of {@code group}, zero in the others. */
    private double[] coefficients(long group, int k) {
        for (int l = 0; l < lanes; l++) {
            laneCoefficients[l] = (group >>> l & 1) != 0 ? PADE[laneDegree[l]][k] : 0.0;
        }
        return laneCoefficients;
    }

    /** acc += c_l·x in the lanes l of {@code group} (the product rounded, then the sum). */
    private void addScaled(double[] acc, double[] c, double[] x, long group) {
        if (lanes == 1) {
            double s = c[0];
            for (int i = 0, len = n * n; i < len; i++) {
                acc[i] += s * x[i];
            }
        } else {
            LaneMatrices.addScaled(acc, c, x, n * n, group);
        }
    }

    /** m += c_l·I in each lane l. */
    private void addDiagonal(double[] m, double[] c) {
        for (int i = 0; i < n; i++) {
            for (int l = 0, o = (i * n + i) * lanes; l < lanes; l++) {
                m[o + l] += c[l];
            }
        }
    }

    /** out = x y in every lane. */
    private void mul(double[] x, double[] y, double[] out) {
        if (lanes == 1) {
            Matrices.mul(n, x, y, out);
        } else {
            LaneMatrices.mul(n, x, y, out);
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

package org.odetoode.modules.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double d-by-d matrices of a group of {@link #LANES} candidates, one per lane of the preferred double vector, stored
 * lane-interleaved: entry (i, j) of lane l at {@code [(i·d + j)·LANES + l]}. Each kernel does, in every lane, exactly
 * the double operations of its scalar form in {@link Kernels} and {@link org.odetoode.modules.linalg.Matrices} (same
 * fused multiply-adds, same order, same branches taken per lane), so a lane's results are bit for bit those of the
 * candidate's own scalar computation. A lane set is a bit mask, bit l for lane l.
 *
 * <p>Vector API only: load this class only when {@link Kernels#VECTOR} holds. Without the Vector API each candidate
 * runs its own scalar code instead, with the same results.
 */
public final class LaneMatrices {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Candidates per group: the doubles of one preferred vector (8 with AVX-512, 4 with AVX2). */
    public static final int LANES = S.length();
    /** The set of every lane. */
    public static final long ALL = LANES == 64 ? -1L : (1L << LANES) - 1;
    /** Columns of a product kept in accumulators at once (for two rows: sixteen chains). */
    private static final int BLOCK = 8;

    private LaneMatrices() {
    }

    /** out = A B per lane, each entry a fused multiply-add chain over k = 0..d−1 from zero, as {@link Kernels#matMul}. */
    public static void mul(int d, double[] a, double[] b, double[] out) {
        mul(d, a, false, b, out);
    }

    /** out = Aᵀ B per lane, as {@link Kernels#matMulTransA}. */
    public static void mulTransA(int d, double[] a, double[] b, double[] out) {
        mul(d, a, true, b, out);
    }

    private static void mul(int d, double[] a, boolean transA, double[] b, double[] out) {
        int rowStride = (transA ? 1 : d) * LANES;
        int kStride = (transA ? d : 1) * LANES;
        int j = 0;
        for (; j + BLOCK <= d; j += BLOCK) {
            int i = 0;
            for (; i + 1 < d; i += 2) {
                mulBlock(d, a, i * rowStride, rowStride, kStride, b, j, out, i);
            }
            if (i < d) {
                for (int c = j; c < j + BLOCK; c++) {
                    mulEntry(d, a, i * rowStride, kStride, b, c, out, i);
                }
            }
        }
        for (; j < d; j++) {
            for (int i = 0; i < d; i++) {
                mulEntry(d, a, i * rowStride, kStride, b, j, out, i);
            }
        }
    }

    /** Entry (i, j) of the product alone. */
    private static void mulEntry(int d, double[] a, int ai, int kStride, double[] b, int j, double[] out, int i) {
        DoubleVector c = DoubleVector.zero(S);
        for (int k = 0; k < d; k++) {
            c = DoubleVector.fromArray(S, b, (k * d + j) * LANES).fma(DoubleVector.fromArray(S, a, ai + k * kStride), c);
        }
        c.intoArray(out, (i * d + j) * LANES);
    }

    /**
     * Entries (i..i+1, j..j+7) of the product in sixteen chains: each load of B serves two rows and each load of op(A)
     * eight columns, so the loads keep up with the fused multiply-adds.
     */
    private static void mulBlock(int d, double[] a, int ai, int rowStride, int kStride, double[] b, int j,
            double[] out, int i) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        DoubleVector e0 = c0;
        DoubleVector e1 = c0;
        DoubleVector e2 = c0;
        DoubleVector e3 = c0;
        DoubleVector e4 = c0;
        DoubleVector e5 = c0;
        DoubleVector e6 = c0;
        DoubleVector e7 = c0;
        int rowLength = d * LANES;
        int bi = ai + rowStride;
        for (int k = 0, o = j * LANES; k < d; k++, o += rowLength) {
            DoubleVector x = DoubleVector.fromArray(S, a, ai + k * kStride);
            DoubleVector y = DoubleVector.fromArray(S, a, bi + k * kStride);
            DoubleVector b0 = DoubleVector.fromArray(S, b, o);
            DoubleVector b1 = DoubleVector.fromArray(S, b, o + LANES);
            DoubleVector b2 = DoubleVector.fromArray(S, b, o + 2 * LANES);
            DoubleVector b3 = DoubleVector.fromArray(S, b, o + 3 * LANES);
            c0 = b0.fma(x, c0);
            e0 = b0.fma(y, e0);
            c1 = b1.fma(x, c1);
            e1 = b1.fma(y, e1);
            c2 = b2.fma(x, c2);
            e2 = b2.fma(y, e2);
            c3 = b3.fma(x, c3);
            e3 = b3.fma(y, e3);
            DoubleVector b4 = DoubleVector.fromArray(S, b, o + 4 * LANES);
            DoubleVector b5 = DoubleVector.fromArray(S, b, o + 5 * LANES);
            DoubleVector b6 = DoubleVector.fromArray(S, b, o + 6 * LANES);
            DoubleVector b7 = DoubleVector.fromArray(S, b, o + 7 * LANES);
            c4 = b4.fma(x, c4);
            e4 = b4.fma(y, e4);
            c5 = b5.fma(x, c5);
            e5 = b5.fma(y, e5);
            c6 = b6.fma(x, c6);
            e6 = b6.fma(y, e6);
            c7 = b7.fma(x, c7);
            e7 = b7.fma(y, e7);
        }
        int o = (i * d + j) * LANES;
        c0.intoArray(out, o);
        c1.intoArray(out, o + LANES);
        c2.intoArray(out, o + 2 * LANES);
        c3.intoArray(out, o + 3 * LANES);
        c4.intoArray(out, o + 4 * LANES);
        c5.intoArray(out, o + 5 * LANES);
        c6.intoArray(out, o + 6 * LANES);
        c7.intoArray(out, o + 7 * LANES);
        o += rowLength;
        e0.intoArray(out, o);
        e1.intoArray(out, o + LANES);
        e2.intoArray(out, o + 2 * LANES);
        e3.intoArray(out, o + 3 * LANES);
        e4.intoArray(out, o + 4 * LANES);
        e5.intoArray(out, o + 5 * LANES);
        e6.intoArray(out, o + 6 * LANES);
        e7.intoArray(out, o + 7 * LANES);
    }

    /**
     * Solves A X = B per lane in place of B, by LU with partial pivoting, as
     * {@link org.odetoode.modules.linalg.Matrices#solveInPlace}: each lane picks its own pivot row (the first of the
     * largest magnitudes), and the rows are swapped in the lanes that chose them; a row operation is skipped in the
     * lanes whose multiplier is zero, as there. A lane whose pivot is zero (singular, where the scalar solve throws)
     * carries on with meaningless values and is reported.
     *
     * @return the lanes whose A is singular to working precision
     */
    public static long solveInPlace(int d, double[] a, double[] b) {
        VectorMask<Double> singular = VectorMask.fromLong(S, 0);
        int rowLength = d * LANES;
        for (int k = 0; k < d; k++) {
            singular = singular.or(pivot(d, a, b, k));
            int kk = (k * d + k) * LANES;
            DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(DoubleVector.fromArray(S, a, kk));
            for (int i = k + 1; i < d; i++) {
                int ik = (i * d + k) * LANES;
                DoubleVector f = DoubleVector.fromArray(S, a, ik).mul(inv);
                f.intoArray(a, ik);
                // A blend, not a branch, keeps the rows of the lanes whose multiplier is zero: a branch taken for
                // the first time mid-run would send this method back to the interpreter until it is recompiled.
                VectorMask<Double> zero = f.compare(VectorOperators.EQ, 0.0);
                DoubleVector minusF = f.neg();
                for (int o = ik + LANES, src = kk + LANES, end = (i + 1) * rowLength; o < end; o += LANES,
                        src += LANES) {
                    DoubleVector old = DoubleVector.fromArray(S, a, o);
                    DoubleVector.fromArray(S, a, src).fma(minusF, old).blend(old, zero).intoArray(a, o);
                }
            }
        }
        // L Y = P B (unit lower triangle), then U X = Y, each row of X from the rows before (after) it.
        for (int i = 1; i < d; i++) {
            subtractCombination(d, b, i, a, 0, i);
        }
        for (int i = d - 1; i >= 0; i--) {
            subtractCombination(d, b, i, a, i + 1, d);
            DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(DoubleVector.fromArray(S, a, (i * d + i) * LANES));
            for (int o = i * rowLength, end = o + rowLength; o < end; o += LANES) {
                DoubleVector.fromArray(S, b, o).mul(inv).intoArray(b, o);
            }
        }
        return singular.toLong();
    }

    /**
     * Step k's pivot in each lane, the first row i ≥ k of the largest |A(i, k)|, swapped into row k of A and B in the
     * lanes that chose it. Returns the lanes whose pivot is zero.
     */
    private static VectorMask<Double> pivot(int d, double[] a, double[] b, int k) {
        int rowLength = d * LANES;
        DoubleVector max = DoubleVector.fromArray(S, a, (k * d + k) * LANES).abs();
        DoubleVector pivot = DoubleVector.broadcast(S, k);
        for (int i = k + 1; i < d; i++) {
            DoubleVector v = DoubleVector.fromArray(S, a, (i * d + k) * LANES).abs();
            VectorMask<Double> larger = v.compare(VectorOperators.GT, max);
            max = max.blend(v, larger);
            pivot = pivot.blend((double) i, larger);
        }
        if (!pivot.compare(VectorOperators.EQ, (double) k).allTrue()) {
            for (int i = k + 1; i < d; i++) {
                VectorMask<Double> swap = pivot.compare(VectorOperators.EQ, (double) i);
                if (swap.anyTrue()) {
                    swapRows(a, rowLength, k, i, swap);
                    swapRows(b, rowLength, k, i, swap);
                }
            }
        }
        return max.compare(VectorOperators.EQ, 0.0);
    }

    /** Rows r and s of m exchanged in the lanes of {@code lanes}. */
    private static void swapRows(double[] m, int rowLength, int r, int s, VectorMask<Double> lanes) {
        for (int o = r * rowLength, p = s * rowLength, end = o + rowLength; o < end; o += LANES, p += LANES) {
            DoubleVector x = DoubleVector.fromArray(S, m, o);
            DoubleVector y = DoubleVector.fromArray(S, m, p);
            x.blend(y, lanes).intoArray(m, o);
            y.blend(x, lanes).intoArray(m, p);
        }
    }

    /**
     * Row {@code dst} of B minus the combination of rows j = from..to−1 with coefficients A(dst, j), each entry one
     * fused multiply-add chain in increasing j, as {@link Kernels#subtractCombination}.
     */
    private static void subtractCombination(int d, double[] b, int dst, double[] a, int from, int to) {
        int rowLength = d * LANES;
        int o = dst * rowLength;
        int c = 0;
        for (; c + 8 * LANES <= rowLength; c += 8 * LANES) {
            subtractCombinationBlock(rowLength, b, o + c, c, a, o, from, to);
        }
        for (; c < rowLength; c += LANES) {
            DoubleVector s = DoubleVector.fromArray(S, b, o + c);
            for (int j = from; j < to; j++) {
                s = DoubleVector.fromArray(S, b, j * rowLength + c).fma(DoubleVector.fromArray(S, a, o + j * LANES)
                        .neg(), s);
            }
            s.intoArray(b, o + c);
        }
    }

    /** Eight columns of {@link #subtractCombination} in eight chains, which keep the fused multiply-adds issuing. */
    private static void subtractCombinationBlock(int rowLength, double[] b, int dst, int c, double[] a, int coef,
            int from, int to) {
        DoubleVector s0 = DoubleVector.fromArray(S, b, dst);
        DoubleVector s1 = DoubleVector.fromArray(S, b, dst + LANES);
        DoubleVector s2 = DoubleVector.fromArray(S, b, dst + 2 * LANES);
        DoubleVector s3 = DoubleVector.fromArray(S, b, dst + 3 * LANES);
        DoubleVector s4 = DoubleVector.fromArray(S, b, dst + 4 * LANES);
        DoubleVector s5 = DoubleVector.fromArray(S, b, dst + 5 * LANES);
        DoubleVector s6 = DoubleVector.fromArray(S, b, dst + 6 * LANES);
        DoubleVector s7 = DoubleVector.fromArray(S, b, dst + 7 * LANES);
        for (int j = from, r = from * rowLength + c; j < to; j++, r += rowLength) {
            DoubleVector f = DoubleVector.fromArray(S, a, coef + j * LANES).neg();
            s0 = DoubleVector.fromArray(S, b, r).fma(f, s0);
            s1 = DoubleVector.fromArray(S, b, r + LANES).fma(f, s1);
            s2 = DoubleVector.fromArray(S, b, r + 2 * LANES).fma(f, s2);
            s3 = DoubleVector.fromArray(S, b, r + 3 * LANES).fma(f, s3);
            s4 = DoubleVector.fromArray(S, b, r + 4 * LANES).fma(f, s4);
            s5 = DoubleVector.fromArray(S, b, r + 5 * LANES).fma(f, s5);
            s6 = DoubleVector.fromArray(S, b, r + 6 * LANES).fma(f, s6);
            s7 = DoubleVector.fromArray(S, b, r + 7 * LANES).fma(f, s7);
        }
        s0.intoArray(b, dst);
        s1.intoArray(b, dst + LANES);
        s2.intoArray(b, dst + 2 * LANES);
        s3.intoArray(b, dst + 3 * LANES);
        s4.intoArray(b, dst + 4 * LANES);
        s5.intoArray(b, dst + 5 * LANES);
        s6.intoArray(b, dst + 6 * LANES);
        s7.intoArray(b, dst + 7 * LANES);
    }

    /**
     * The 1-norm of each lane's A into {@code norms[lane]}, as {@link org.odetoode.modules.linalg.Matrices#norm1}:
     * each column's magnitudes summed in row order, then the largest sum.
     */
    public static void norm1(int d, double[] a, double[] columnSums, double[] norms) {
        int rowLength = d * LANES;
        java.util.Arrays.fill(columnSums, 0, rowLength, 0.0);
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < rowLength; c += LANES) {
                DoubleVector.fromArray(S, columnSums, c).add(DoubleVector.fromArray(S, a, i * rowLength + c).abs())
                        .intoArray(columnSums, c);
            }
        }
        DoubleVector max = DoubleVector.zero(S);
        for (int c = 0; c < rowLength; c += LANES) {
            max = max.max(DoubleVector.fromArray(S, columnSums, c));
        }
        max.intoArray(norms, 0);
    }

    /** The lanes with a non-finite value among the {@code length} lane-interleaved values of {@code x}. */
    public static long nonFinite(double[] x, int length) {
        // x − x is zero for a finite x and NaN for an infinite or NaN one.
        DoubleVector acc = DoubleVector.zero(S);
        for (int o = 0; o < length * LANES; o += LANES) {
            DoubleVector v = DoubleVector.fromArray(S, x, o);
            acc = acc.add(v.sub(v));
        }
        return acc.test(VectorOperators.IS_NAN).toLong();
    }

    /** out = s·(M − Mᵀ) per lane, the difference rounded and then the product. */
    public static void skewPart(int d, double[] m, double s, double[] out) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int o = (i * d + j) * LANES;
                DoubleVector.fromArray(S, m, o).sub(DoubleVector.fromArray(S, m, (j * d + i) * LANES)).mul(s)
                        .intoArray(out, o);
            }
        }
    }

    /** out = s·x for {@code length} lane-interleaved values. */
    public static void scale(double[] x, int length, double s, double[] out) {
        for (int o = 0; o < length * LANES; o += LANES) {
            DoubleVector.fromArray(S, x, o).mul(s).intoArray(out, o);
        }
    }

    /**
     * acc += c_l·x in the lanes l of {@code lanes} (the product rounded, then the sum, as a scalar
     * {@code acc[i] += c * x[i]}), over {@code length} lane-interleaved values.
     */
    public static void addScaled(double[] acc, double[] c, double[] x, int length, long lanes) {
        DoubleVector cv = DoubleVector.fromArray(S, c, 0);
        VectorMask<Double> m = VectorMask.fromLong(S, lanes);
        for (int o = 0; o < length * LANES; o += LANES) {
            DoubleVector old = DoubleVector.fromArray(S, acc, o);
            old.blend(old.add(cv.mul(DoubleVector.fromArray(S, x, o))), m).intoArray(acc, o);
        }
    }

    /** Copies the lanes of {@code lanes} of {@code length} lane-interleaved values from src to dst. */
    public static void copyLanes(double[] src, double[] dst, int length, long lanes) {
        VectorMask<Double> m = VectorMask.fromLong(S, lanes);
        for (int o = 0; o < length * LANES; o += LANES) {
            DoubleVector.fromArray(S, dst, o).blend(DoubleVector.fromArray(S, src, o), m).intoArray(dst, o);
        }
    }
}

package org.odetoode.modules.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD forms of {@link Kernels}; loaded only when the Vector API module is present. */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Rows per panel of {@link Kernels#pack}: four vectors. */
    static final int PANEL = 4 * S.length();

    private static final DoubleVector LN2_HI = DoubleVector.broadcast(S, FastTanh.LN2_HI);
    private static final DoubleVector LN2_LO = DoubleVector.broadcast(S, FastTanh.LN2_LO);

    private VectorKernels() {
    }

    /**
     * {@link Kernels#matVec}: a full panel keeps its four row vectors in two chains each (eight accumulators); the
     * rows of a partial last panel run one vector at a time, then as scalars.
     */
    static void matVec(double[] packed, int rows, int cols, double[] y, double[] bias, int biasOff, double[] z) {
        int lanes = S.length();
        int full = rows / PANEL;
        for (int p = 0; p < full; p++) {
            int base = p * PANEL * cols;
            int r = p * PANEL;
            DoubleVector a0 = start(bias, biasOff + r);
            DoubleVector a1 = start(bias, biasOff + r + lanes);
            DoubleVector a2 = start(bias, biasOff + r + 2 * lanes);
            DoubleVector a3 = start(bias, biasOff + r + 3 * lanes);
            DoubleVector b0 = DoubleVector.zero(S);
            DoubleVector b1 = b0;
            DoubleVector b2 = b0;
            DoubleVector b3 = b0;
            int pairs = cols >> 1;
            for (int q = 0; q < pairs; q++) {
                // Indices affine in the loop counter with constant factors: the JIT hoists every bounds check.
                int o = base + q * (2 * PANEL);
                DoubleVector ye = DoubleVector.broadcast(S, y[2 * q]);
                DoubleVector yo = DoubleVector.broadcast(S, y[2 * q + 1]);
                a0 = DoubleVector.fromArray(S, packed, o).fma(ye, a0);
                a1 = DoubleVector.fromArray(S, packed, o + lanes).fma(ye, a1);
                a2 = DoubleVector.fromArray(S, packed, o + 2 * lanes).fma(ye, a2);
                a3 = DoubleVector.fromArray(S, packed, o + 3 * lanes).fma(ye, a3);
                b0 = DoubleVector.fromArray(S, packed, o + PANEL).fma(yo, b0);
                b1 = DoubleVector.fromArray(S, packed, o + PANEL + lanes).fma(yo, b1);
                b2 = DoubleVector.fromArray(S, packed, o + PANEL + 2 * lanes).fma(yo, b2);
                b3 = DoubleVector.fromArray(S, packed, o + PANEL + 3 * lanes).fma(yo, b3);
            }
            if ((cols & 1) != 0) {
                int c = cols - 1;
                int o = base + c * PANEL;
                DoubleVector ye = DoubleVector.broadcast(S, y[c]);
                a0 = DoubleVector.fromArray(S, packed, o).fma(ye, a0);
                a1 = DoubleVector.fromArray(S, packed, o + lanes).fma(ye, a1);
                a2 = DoubleVector.fromArray(S, packed, o + 2 * lanes).fma(ye, a2);
                a3 = DoubleVector.fromArray(S, packed, o + 3 * lanes).fma(ye, a3);
            }
            a0.add(b0).intoArray(z, r);
            a1.add(b1).intoArray(z, r + lanes);
            a2.add(b2).intoArray(z, r + 2 * lanes);
            a3.add(b3).intoArray(z, r + 3 * lanes);
        }
        int r = full * PANEL;
        int base = full * PANEL * cols;
        for (; r + lanes <= rows; r += lanes) {
            int o = base + r % PANEL;
            DoubleVector even = start(bias, biasOff + r);
            DoubleVector odd = DoubleVector.zero(S);
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                even = DoubleVector.fromArray(S, packed, o + c * PANEL).fma(DoubleVector.broadcast(S, y[c]), even);
                odd = DoubleVector.fromArray(S, packed, o + (c + 1) * PANEL)
                        .fma(DoubleVector.broadcast(S, y[c + 1]), odd);
            }
            if (c < cols) {
                even = DoubleVector.fromArray(S, packed, o + c * PANEL).fma(DoubleVector.broadcast(S, y[c]), even);
            }
            even.add(odd).intoArray(z, r);
        }
        if (r < rows) {
            Kernels.scalarMatVec(packed, rows, cols, y, bias, biasOff, z, r);
        }
    }

    /**
     * Two rows of the product at a time, each kept in four vector accumulators while k runs, so that every load of
     * B feeds two fused multiply-adds; an odd last row runs alone. Row i of op(A) is read at a[i·n + k], or at
     * a[k·n + i] when {@code transA}. Every entry sums k = 0..n−1 in order, as the scalar kernel does.
     */
    static void matMul(int n, double[] a, boolean transA, double[] b, double[] out) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        int rowStride = transA ? 1 : n;
        int kStride = transA ? n : 1;
        int j = 0;
        for (; j + 4 * lanes <= bound; j += 4 * lanes) {
            int i = 0;
            for (; i + 1 < n; i += 2) {
                matMulTwoRows(n, a, i * rowStride, (i + 1) * rowStride, kStride, b, j, out, i * n, (i + 1) * n);
            }
            if (i < n) {
                combineRows(b, n, j, a, i * rowStride, kStride, 1.0, 0, n, out, i * n, false);
            }
        }
        while (j < bound) {
            // Two vectors of columns, or one (d = 16 is two with AVX-512): eight rows at a time over two vectors,
            // then four, so that sixteen, eight or four independent chains hide the latency of each one's fused
            // multiply-adds and each broadcast of A serves both vectors; the rows past the last four, one chain each.
            boolean two = j + 2 * lanes <= bound;
            int i = 0;
            if (two) {
                for (; i + 7 < n; i += 8) {
                    matMulEightRowsTwoVectors(n, a, i * rowStride, rowStride, kStride, b, j, out, i * n);
                }
            }
            for (; i + 3 < n; i += 4) {
                if (two) {
                    matMulFourRowsTwoVectors(n, a, i * rowStride, rowStride, kStride, b, j, out, i * n);
                } else {
                    matMulFourRows(n, a, i * rowStride, rowStride, kStride, b, j, out, i * n);
                }
            }
            int end = two ? j + 2 * lanes : j + lanes;
            for (int jj = j; jj < end; jj += lanes) {
                for (int r = i; r < n; r++) {
                    int ai = r * rowStride;
                    DoubleVector c = DoubleVector.zero(S);
                    for (int k = 0; k < n; k++) {
                        c = DoubleVector.fromArray(S, b, k * n + jj).fma(DoubleVector.broadcast(S, a[ai + k * kStride]),
                                c);
                    }
                    c.intoArray(out, r * n + jj);
                }
            }
            j = end;
        }
        if (bound < n) {
            Kernels.scalarMatMul(n, a, transA, b, out, bound);
        }
    }

    /**
     * Columns j..j+2·lanes−1 of eight rows of the product: sixteen chains, each load of B feeding eight fused
     * multiply-adds (a 16 × 16 product with AVX-512: 144 against 208 ns with four rows at a time, scratch harness).
     */
    private static void matMulEightRowsTwoVectors(int n, double[] a, int ai, int rowStride, int kStride, double[] b,
            int j, double[] out, int oi) {
        int lanes = S.length();
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        DoubleVector d0 = c0;
        DoubleVector d1 = c0;
        DoubleVector d2 = c0;
        DoubleVector d3 = c0;
        DoubleVector d4 = c0;
        DoubleVector d5 = c0;
        DoubleVector d6 = c0;
        DoubleVector d7 = c0;
        for (int k = 0; k < n; k++) {
            int ak = ai + k * kStride;
            int o = k * n + j;
            DoubleVector bk = DoubleVector.fromArray(S, b, o);
            DoubleVector ck = DoubleVector.fromArray(S, b, o + lanes);
            DoubleVector x = DoubleVector.broadcast(S, a[ak]);
            c0 = bk.fma(x, c0);
            d0 = ck.fma(x, d0);
            x = DoubleVector.broadcast(S, a[ak + rowStride]);
            c1 = bk.fma(x, c1);
            d1 = ck.fma(x, d1);
            x = DoubleVector.broadcast(S, a[ak + 2 * rowStride]);
            c2 = bk.fma(x, c2);
            d2 = ck.fma(x, d2);
            x = DoubleVector.broadcast(S, a[ak + 3 * rowStride]);
            c3 = bk.fma(x, c3);
            d3 = ck.fma(x, d3);
            x = DoubleVector.broadcast(S, a[ak + 4 * rowStride]);
            c4 = bk.fma(x, c4);
            d4 = ck.fma(x, d4);
            x = DoubleVector.broadcast(S, a[ak + 5 * rowStride]);
            c5 = bk.fma(x, c5);
            d5 = ck.fma(x, d5);
            x = DoubleVector.broadcast(S, a[ak + 6 * rowStride]);
            c6 = bk.fma(x, c6);
            d6 = ck.fma(x, d6);
            x = DoubleVector.broadcast(S, a[ak + 7 * rowStride]);
            c7 = bk.fma(x, c7);
            d7 = ck.fma(x, d7);
        }
        c0.intoArray(out, oi + j);
        d0.intoArray(out, oi + j + lanes);
        c1.intoArray(out, oi + n + j);
        d1.intoArray(out, oi + n + j + lanes);
        c2.intoArray(out, oi + 2 * n + j);
        d2.intoArray(out, oi + 2 * n + j + lanes);
        c3.intoArray(out, oi + 3 * n + j);
        d3.intoArray(out, oi + 3 * n + j + lanes);
        c4.intoArray(out, oi + 4 * n + j);
        d4.intoArray(out, oi + 4 * n + j + lanes);
        c5.intoArray(out, oi + 5 * n + j);
        d5.intoArray(out, oi + 5 * n + j + lanes);
        c6.intoArray(out, oi + 6 * n + j);
        d6.intoArray(out, oi + 6 * n + j + lanes);
        c7.intoArray(out, oi + 7 * n + j);
        d7.intoArray(out, oi + 7 * n + j + lanes);
    }

    /** Columns j..j+2·lanes−1 of four rows of the product, as {@link #matMulFourRows} does one vector of them. */
    private static void matMulFourRowsTwoVectors(int n, double[] a, int ai, int rowStride, int kStride, double[] b,
            int j, double[] out, int oi) {
        int lanes = S.length();
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector d0 = c0;
        DoubleVector d1 = c0;
        DoubleVector d2 = c0;
        DoubleVector d3 = c0;
        for (int k = 0; k < n; k++) {
            int ak = ai + k * kStride;
            int o = k * n + j;
            DoubleVector bk = DoubleVector.fromArray(S, b, o);
            DoubleVector ck = DoubleVector.fromArray(S, b, o + lanes);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ak]);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ak + rowStride]);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ak + 2 * rowStride]);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ak + 3 * rowStride]);
            c0 = bk.fma(x0, c0);
            c1 = bk.fma(x1, c1);
            c2 = bk.fma(x2, c2);
            c3 = bk.fma(x3, c3);
            d0 = ck.fma(x0, d0);
            d1 = ck.fma(x1, d1);
            d2 = ck.fma(x2, d2);
            d3 = ck.fma(x3, d3);
        }
        c0.intoArray(out, oi + j);
        c1.intoArray(out, oi + n + j);
        c2.intoArray(out, oi + 2 * n + j);
        c3.intoArray(out, oi + 3 * n + j);
        d0.intoArray(out, oi + j + lanes);
        d1.intoArray(out, oi + n + j + lanes);
        d2.intoArray(out, oi + 2 * n + j + lanes);
        d3.intoArray(out, oi + 3 * n + j + lanes);
    }

    /** Columns j..j+lanes−1 of four rows of the product: op(A) row i + r at a[ai + r·rowStride + k·kStride]. */
    private static void matMulFourRows(int n, double[] a, int ai, int rowStride, int kStride, double[] b, int j,
            double[] out, int oi) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        for (int k = 0; k < n; k++) {
            int ak = ai + k * kStride;
            DoubleVector bk = DoubleVector.fromArray(S, b, k * n + j);
            c0 = bk.fma(DoubleVector.broadcast(S, a[ak]), c0);
            c1 = bk.fma(DoubleVector.broadcast(S, a[ak + rowStride]), c1);
            c2 = bk.fma(DoubleVector.broadcast(S, a[ak + 2 * rowStride]), c2);
            c3 = bk.fma(DoubleVector.broadcast(S, a[ak + 3 * rowStride]), c3);
        }
        c0.intoArray(out, oi + j);
        c1.intoArray(out, oi + n + j);
        c2.intoArray(out, oi + 2 * n + j);
        c3.intoArray(out, oi + 3 * n + j);
    }

    /** Columns j..j+4·lanes−1 of two rows of the product: op(A) rows at a[ai + k·kStride] and a[bi + k·kStride]. */
    private static void matMulTwoRows(int n, double[] a, int ai, int bi, int kStride, double[] b, int j, double[] out,
            int oi, int ob) {
        int lanes = S.length();
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector d0 = c0;
        DoubleVector d1 = c0;
        DoubleVector d2 = c0;
        DoubleVector d3 = c0;
        for (int k = 0; k < n; k++) {
            DoubleVector x = DoubleVector.broadcast(S, a[ai + k * kStride]);
            DoubleVector y = DoubleVector.broadcast(S, a[bi + k * kStride]);
            int o = k * n + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, o);
            DoubleVector b1 = DoubleVector.fromArray(S, b, o + lanes);
            DoubleVector b2 = DoubleVector.fromArray(S, b, o + 2 * lanes);
            DoubleVector b3 = DoubleVector.fromArray(S, b, o + 3 * lanes);
            c0 = b0.fma(x, c0);
            c1 = b1.fma(x, c1);
            c2 = b2.fma(x, c2);
            c3 = b3.fma(x, c3);
            d0 = b0.fma(y, d0);
            d1 = b1.fma(y, d1);
            d2 = b2.fma(y, d2);
            d3 = b3.fma(y, d3);
        }
        c0.intoArray(out, oi + j);
        c1.intoArray(out, oi + j + lanes);
        c2.intoArray(out, oi + j + 2 * lanes);
        c3.intoArray(out, oi + j + 3 * lanes);
        d0.intoArray(out, ob + j);
        d1.intoArray(out, ob + j + lanes);
        d2.intoArray(out, ob + j + 2 * lanes);
        d3.intoArray(out, ob + j + 3 * lanes);
    }

    /**
     * Columns col..col+4·lanes−1 of a combination of rows: dst[dstOff + col..] = start + Σ_{k = from}^{to − 1}
     * sign·coef[coefOff + k·coefStride] · src[k·len + col..], summed in increasing k with fused multiply-adds in four
     * vector accumulators; start is zero, or dst's own entries when {@code accumulate}. One row of a product, or the
     * step of a triangular solve.
     */
    private static void combineRows(double[] src, int len, int col, double[] coef, int coefOff, int coefStride,
            double sign, int from, int to, double[] dst, int dstOff, boolean accumulate) {
        int lanes = S.length();
        int o = dstOff + col;
        DoubleVector s0 = accumulate ? DoubleVector.fromArray(S, dst, o) : DoubleVector.zero(S);
        DoubleVector s1 = accumulate ? DoubleVector.fromArray(S, dst, o + lanes) : DoubleVector.zero(S);
        DoubleVector s2 = accumulate ? DoubleVector.fromArray(S, dst, o + 2 * lanes) : DoubleVector.zero(S);
        DoubleVector s3 = accumulate ? DoubleVector.fromArray(S, dst, o + 3 * lanes) : DoubleVector.zero(S);
        for (int k = from; k < to; k++) {
            DoubleVector f = DoubleVector.broadcast(S, sign * coef[coefOff + k * coefStride]);
            int r = k * len + col;
            s0 = DoubleVector.fromArray(S, src, r).fma(f, s0);
            s1 = DoubleVector.fromArray(S, src, r + lanes).fma(f, s1);
            s2 = DoubleVector.fromArray(S, src, r + 2 * lanes).fma(f, s2);
            s3 = DoubleVector.fromArray(S, src, r + 3 * lanes).fma(f, s3);
        }
        s0.intoArray(dst, o);
        s1.intoArray(dst, o + lanes);
        s2.intoArray(dst, o + 2 * lanes);
        s3.intoArray(dst, o + 3 * lanes);
    }

    /** m[dst + j] = fma(f, m[src + j], m[dst + j]) for j < len. */
    static void rowFma(double[] m, int dst, double f, int src, int len) {
        int lanes = S.length();
        int bound = S.loopBound(len);
        DoubleVector fv = DoubleVector.broadcast(S, f);
        int j = 0;
        for (; j < bound; j += lanes) {
            DoubleVector.fromArray(S, m, src + j).fma(fv, DoubleVector.fromArray(S, m, dst + j)).intoArray(m, dst + j);
        }
        for (; j < len; j++) {
            m[dst + j] = Math.fma(f, m[src + j], m[dst + j]);
        }
    }

    /**
     * {@link Kernels#eliminate}: with the pivot row's columns one or two vectors long (d = 8 or 16 with AVX-512),
     * they stay in registers for every row below; otherwise {@link #rowFma} per row.
     */
    static void eliminate(double[] a, int d, int k, int from, double inv, double[] lower) {
        int lanes = S.length();
        int len = d - from;
        int pivotRow = k * d + from;
        if (len == 2 * lanes || len == lanes) {
            boolean two = len == 2 * lanes;
            DoubleVector p0 = DoubleVector.fromArray(S, a, pivotRow);
            DoubleVector p1 = two ? DoubleVector.fromArray(S, a, pivotRow + lanes) : p0;
            for (int i = k + 1; i < d; i++) {
                double f = a[i * d + k] * inv;
                lower[i * d + k] = f;
                if (f != 0.0) {
                    DoubleVector minusF = DoubleVector.broadcast(S, -f);
                    int row = i * d + from;
                    p0.fma(minusF, DoubleVector.fromArray(S, a, row)).intoArray(a, row);
                    if (two) {
                        p1.fma(minusF, DoubleVector.fromArray(S, a, row + lanes)).intoArray(a, row + lanes);
                    }
                }
            }
            return;
        }
        for (int i = k + 1; i < d; i++) {
            double f = a[i * d + k] * inv;
            lower[i * d + k] = f;
            if (f != 0.0) {
                rowFma(a, i * d + from, -f, pivotRow, len);
            }
        }
    }

    /** {@link Kernels#subtractCombination}: blocks of four vectors across the row, then one vector, then scalars. */
    static void subtractCombination(double[] m, int len, int dst, double[] coef, int coefOff, int from, int to,
            double scale) {
        int lanes = S.length();
        int bound = S.loopBound(len);
        int o = dst * len;
        int c = 0;
        for (; c + 4 * lanes <= bound; c += 4 * lanes) {
            combineRows(m, len, c, coef, coefOff, 1, -1.0, from, to, m, o, true);
            for (int v = 0; v < 4 * lanes; v += lanes) {
                DoubleVector.fromArray(S, m, o + c + v).mul(scale).intoArray(m, o + c + v);
            }
        }
        if (c + 2 * lanes <= bound) {
            // Two vectors of the row (d = 16 with AVX-512) in one pass: two chains in flight instead of one.
            DoubleVector acc0 = DoubleVector.fromArray(S, m, o + c);
            DoubleVector acc1 = DoubleVector.fromArray(S, m, o + c + lanes);
            for (int j = from; j < to; j++) {
                DoubleVector f = DoubleVector.broadcast(S, -coef[coefOff + j]);
                acc0 = DoubleVector.fromArray(S, m, j * len + c).fma(f, acc0);
                acc1 = DoubleVector.fromArray(S, m, j * len + c + lanes).fma(f, acc1);
            }
            acc0.mul(scale).intoArray(m, o + c);
            acc1.mul(scale).intoArray(m, o + c + lanes);
            c += 2 * lanes;
        }
        for (; c < bound; c += lanes) {
            DoubleVector acc = DoubleVector.fromArray(S, m, o + c);
            for (int j = from; j < to; j++) {
                acc = DoubleVector.fromArray(S, m, j * len + c).fma(DoubleVector.broadcast(S, -coef[coefOff + j]), acc);
            }
            acc.mul(scale).intoArray(m, o + c);
        }
        if (c < len) {
            Kernels.scalarSubtractCombination(m, len, dst, coef, coefOff, from, to, scale, c);
        }
    }

    private static DoubleVector start(double[] bias, int off) {
        return bias == null ? DoubleVector.zero(S) : DoubleVector.fromArray(S, bias, off);
    }

    /** lo + hi·r. */
    private static DoubleVector pair(double lo, double hi, DoubleVector r) {
        return DoubleVector.broadcast(S, hi).fma(r, DoubleVector.broadcast(S, lo));
    }

    static void tanh(double[] z, double[] out, int n) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += lanes) {
            tanh(DoubleVector.fromArray(S, z, i)).intoArray(out, i);
        }
        for (int i = bound; i < n; i++) {
            out[i] = FastTanh.tanh(z[i]);
        }
    }

    static void eulerTanh(double[] z, double[] x, double h, int n) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += lanes) {
            DoubleVector step = tanh(DoubleVector.fromArray(S, z, i)).mul(h);
            DoubleVector.fromArray(S, x, i).add(step).intoArray(x, i);
        }
        for (int i = bound; i < n; i++) {
            x[i] += h * FastTanh.tanh(z[i]);
        }
    }

    /** {@link FastTanh#tanh(double)} on every lane, operation for operation. */
    private static DoubleVector tanh(DoubleVector x) {
        // A compare and a blend instead of min(), whose NaN and signed-zero rules cost four more instructions; the
        // same value for every input, NaN included (the compare is false and NaN passes through).
        DoubleVector abs = x.abs();
        DoubleVector ax = abs.blend(FastTanh.SATURATE, abs.compare(VectorOperators.GT, FastTanh.SATURATE));
        DoubleVector y = ax.mul(-2.0);
        DoubleVector t = ax.fma(FastTanh.MINUS_2_LOG2E, FastTanh.ROUND);
        DoubleVector kn = DoubleVector.broadcast(S, FastTanh.ROUND).sub(t);
        DoubleVector r = kn.fma(LN2_HI, y).add(kn.mul(LN2_LO));
        DoubleVector r2 = r.mul(r);
        DoubleVector u = pair(FastTanh.P1, FastTanh.P2, r2).fma(r2, DoubleVector.broadcast(S, FastTanh.P0)).mul(r);
        DoubleVector w = r2.add(FastTanh.Q2).fma(r2, DoubleVector.broadcast(S, FastTanh.Q1));
        DoubleVector s = r2.fma(w, u).add(FastTanh.Q0);
        DoubleVector m = r2.fma(w, u.neg()).add(FastTanh.Q0);
        LongVector bits = t.reinterpretAsLongs().sub(FastTanh.ROUND_BITS - 1023L).lanewise(VectorOperators.LSHL, 52);
        DoubleVector twoK = bits.reinterpretAsDoubles();
        DoubleVector num = DoubleVector.broadcast(S, 1.0).sub(twoK).fma(s, u.mul(-2.0));
        DoubleVector den = twoK.fma(s, m);
        // num / den ≥ 0 with x's sign bit: Math.copySign, including tanh(+0) = +0.
        DoubleVector v = num.div(den);
        LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
        return v.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
    }
}

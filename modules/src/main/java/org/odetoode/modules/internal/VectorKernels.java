package org.odetoode.modules.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD forms of {@link Kernels}; loaded only when the Vector API module is present. */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private static final DoubleVector LN2_HI = DoubleVector.broadcast(S, FastTanh.LN2_HI);
    private static final DoubleVector LN2_LO = DoubleVector.broadcast(S, FastTanh.LN2_LO);

    private VectorKernels() {
    }

    /**
     * Four row blocks at a time so that four independent FMA chains hide the FMA latency; each lane still sums its
     * columns in order c = 0..d−1, as the scalar kernel does.
     */
    static void matVec(double[] wt, int rows, int cols, double[] y, double[] bias, int biasOff, double[] z) {
        int lanes = S.length();
        int bound = S.loopBound(rows);
        int r = 0;
        for (; r + 4 * lanes <= bound; r += 4 * lanes) {
            DoubleVector a0 = start(bias, biasOff + r);
            DoubleVector a1 = start(bias, biasOff + r + lanes);
            DoubleVector a2 = start(bias, biasOff + r + 2 * lanes);
            DoubleVector a3 = start(bias, biasOff + r + 3 * lanes);
            for (int c = 0; c < cols; c++) {
                DoubleVector yc = DoubleVector.broadcast(S, y[c]);
                int o = c * rows + r;
                a0 = DoubleVector.fromArray(S, wt, o).fma(yc, a0);
                a1 = DoubleVector.fromArray(S, wt, o + lanes).fma(yc, a1);
                a2 = DoubleVector.fromArray(S, wt, o + 2 * lanes).fma(yc, a2);
                a3 = DoubleVector.fromArray(S, wt, o + 3 * lanes).fma(yc, a3);
            }
            a0.intoArray(z, r);
            a1.intoArray(z, r + lanes);
            a2.intoArray(z, r + 2 * lanes);
            a3.intoArray(z, r + 3 * lanes);
        }
        for (; r < bound; r += lanes) {
            DoubleVector acc = start(bias, biasOff + r);
            for (int c = 0; c < cols; c++) {
                acc = DoubleVector.fromArray(S, wt, c * rows + r).fma(DoubleVector.broadcast(S, y[c]), acc);
            }
            acc.intoArray(z, r);
        }
        if (bound < rows) {
            Kernels.scalarMatVec(wt, rows, cols, y, bias, biasOff, z, bound);
        }
    }

    /**
     * Each row of the product kept in up to four vector accumulators while k runs, so B is streamed once per row.
     * Row i of op(A) is read at a[i·n + k], or at a[k·n + i] when {@code transA}.
     */
    static void matMul(int n, double[] a, boolean transA, double[] b, double[] out) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        int rowStride = transA ? 1 : n;
        int kStride = transA ? n : 1;
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            int ai = i * rowStride;
            int j = 0;
            for (; j + 4 * lanes <= bound; j += 4 * lanes) {
                DoubleVector c0 = DoubleVector.zero(S);
                DoubleVector c1 = c0;
                DoubleVector c2 = c0;
                DoubleVector c3 = c0;
                for (int k = 0; k < n; k++) {
                    DoubleVector aik = DoubleVector.broadcast(S, a[ai + k * kStride]);
                    int o = k * n + j;
                    c0 = DoubleVector.fromArray(S, b, o).fma(aik, c0);
                    c1 = DoubleVector.fromArray(S, b, o + lanes).fma(aik, c1);
                    c2 = DoubleVector.fromArray(S, b, o + 2 * lanes).fma(aik, c2);
                    c3 = DoubleVector.fromArray(S, b, o + 3 * lanes).fma(aik, c3);
                }
                c0.intoArray(out, ri + j);
                c1.intoArray(out, ri + j + lanes);
                c2.intoArray(out, ri + j + 2 * lanes);
                c3.intoArray(out, ri + j + 3 * lanes);
            }
            for (; j < bound; j += lanes) {
                DoubleVector c = DoubleVector.zero(S);
                for (int k = 0; k < n; k++) {
                    c = DoubleVector.fromArray(S, b, k * n + j).fma(DoubleVector.broadcast(S, a[ai + k * kStride]), c);
                }
                c.intoArray(out, ri + j);
            }
        }
        if (bound < n) {
            Kernels.scalarMatMul(n, a, transA, b, out, bound);
        }
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
        DoubleVector y = x.abs().min(FastTanh.SATURATE).mul(-2.0);
        DoubleVector t = y.fma(FastTanh.LOG2E, FastTanh.ROUND);
        DoubleVector k = t.sub(FastTanh.ROUND);
        DoubleVector kn = k.neg();
        DoubleVector r = kn.fma(LN2_LO, kn.fma(LN2_HI, y));
        DoubleVector r2 = r.mul(r);
        DoubleVector u = pair(FastTanh.P1, FastTanh.P2, r2).fma(r2, DoubleVector.broadcast(S, FastTanh.P0)).mul(r);
        DoubleVector w = r2.add(FastTanh.Q2).fma(r2, DoubleVector.broadcast(S, FastTanh.Q1));
        DoubleVector s = r2.fma(w, u).add(FastTanh.Q0);
        DoubleVector m = r2.fma(w, u.neg()).add(FastTanh.Q0);
        LongVector bits = t.reinterpretAsLongs().sub(FastTanh.ROUND_BITS - 1023L).lanewise(VectorOperators.LSHL, 52);
        DoubleVector twoK = bits.reinterpretAsDoubles();
        DoubleVector num = twoK.sub(1.0).fma(s, u.add(u));
        DoubleVector den = twoK.fma(s, m);
        // |num / den| with x's sign bit: Math.copySign, including tanh(+0) = +0.
        DoubleVector v = num.div(den).abs();
        LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
        return v.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
    }
}

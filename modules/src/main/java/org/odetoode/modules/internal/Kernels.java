package org.odetoode.modules.internal;

/**
 * The hot paths' kernels: the forward's mat-vec over packed weights, tanh and its Euler step, the output projection's
 * row dots, and the weight flow's products and triangular-solve steps. With the incubating Vector API present
 * ({@code --add-modules jdk.incubator.vector}) they run on SIMD lanes; without it, on a scalar loop doing the same
 * operations in the same order, so results are bit-identical either way and the flag only changes speed.
 */
public final class Kernels {
    /** True when the Vector API module was resolved at start-up. */
    public static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Kernels() {
    }

    /**
     * Rows per panel of the packed layout the mat-vec reads: four vectors when the Vector API is present, so that a
     * panel's column is four vector loads at a constant stride.
     */
    static final int PANEL = VECTOR ? VectorKernels.PANEL : 16;

    /**
     * Length of a rows-by-cols matrix in the packed layout: panels of {@link #PANEL} rows, the last padded to a whole
     * panel (the kernels never read the padding).
     */
    public static int packedLength(int rows, int cols) {
        return (rows + PANEL - 1) / PANEL * PANEL * cols;
    }

    /**
     * Packs the rows-by-cols W stored row-major at {@code w[off]} for {@link #matVec}: W_rc goes to
     * packed[p·PANEL·cols + c·PANEL + (r − p·PANEL)] with p = r / PANEL, so that each panel is stored column by
     * column, a column's PANEL rows contiguous. The mat-vec then steps through a panel at a constant stride, and the
     * JIT can drop the bounds check of every load.
     */
    public static void pack(double[] w, int off, int rows, int cols, double[] packed) {
        for (int r = 0; r < rows; r++) {
            int base = (r / PANEL) * PANEL * cols + r % PANEL;
            int o = off + r * cols;
            for (int c = 0; c < cols; c++) {
                packed[base + c * PANEL] = w[o + c];
            }
        }
    }

    /**
     * z = W y + b for a rows-by-cols W in the {@link #pack packed} layout, b_r = bias[biasOff + r] ({@code bias}
     * may be null for zero). Each z_r is summed in two fused multiply-add chains, the even columns starting from b_r
     * and the odd columns from zero, in increasing c, and z_r = even + odd: a forward pass waits on this sum, and two
     * chains halve its latency.
     */
    public static void matVec(double[] packed, int rows, int cols, double[] y, double[] bias, int biasOff,
            double[] z) {
        if (VECTOR) {
            VectorKernels.matVec(packed, rows, cols, y, bias, biasOff, z);
        } else {
            scalarMatVec(packed, rows, cols, y, bias, biasOff, z, 0);
        }
    }

    /**
     * out = A B for n-by-n row-major matrices (out must not alias A or B): out_ij = Σ_k A_ik B_kj accumulated with
     * fused multiply-adds in increasing k from 0.
     */
    public static void matMul(int n, double[] a, double[] b, double[] out) {
        matMul(n, a, false, b, out);
    }

    /** out = Aᵀ B, accumulated as {@link #matMul(int, double[], double[], double[])} does. */
    public static void matMulTransA(int n, double[] a, double[] b, double[] out) {
        matMul(n, a, true, b, out);
    }

    private static void matMul(int n, double[] a, boolean transA, double[] b, double[] out) {
        if (VECTOR) {
            VectorKernels.matMul(n, a, transA, b, out);
        } else {
            scalarMatMul(n, a, transA, b, out, 0);
        }
    }

    /** Columns {@code from..n-1} of the scalar product (the vector kernel's tail). */
    static void scalarMatMul(int n, double[] a, boolean transA, double[] b, double[] out, int from) {
        int rowStride = transA ? 1 : n;
        int kStride = transA ? n : 1;
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            int ai = i * rowStride;
            for (int j = from; j < n; j++) {
                double s = 0.0;
                for (int k = 0; k < n; k++) {
                    s = Math.fma(a[ai + k * kStride], b[k * n + j], s);
                }
                out[ri + j] = s;
            }
        }
    }

    /**
     * Step k of an LU elimination of the row-major d-by-d {@code a}: for each row i below k, the multiplier
     * f = a[i][k]·inv goes to lower[i][k] and, unless it is zero, row i becomes fma(−f, a[k][c], a[i][c]) over
     * columns c = from..d−1. The vector form keeps the pivot row's columns in registers for every row, which a call
     * per row reloaded.
     */
    public static void eliminate(double[] a, int d, int k, int from, double inv, double[] lower) {
        if (VECTOR) {
            VectorKernels.eliminate(a, d, k, from, inv, lower);
        } else {
            scalarEliminate(a, d, k, from, inv, lower);
        }
    }

    static void scalarEliminate(double[] a, int d, int k, int from, double inv, double[] lower) {
        for (int i = k + 1; i < d; i++) {
            double f = a[i * d + k] * inv;
            lower[i * d + k] = f;
            if (f != 0.0) {
                for (int c = from; c < d; c++) {
                    a[i * d + c] = Math.fma(-f, a[k * d + c], a[i * d + c]);
                }
            }
        }
    }

    /**
     * Row {@code dst} of the row-major matrix {@code m} (rows {@code len} long) minus a combination of its rows
     * j = from..to−1, times {@code scale}: m[dst][c] = fma(−coef[coefOff + j], m[j][c], ...) for j in increasing
     * order, each entry accumulated in a register, then multiplied by scale (1 leaves every value as it is). The
     * step of a triangular solve with many right-hand sides, the scale a diagonal's inverse; {@code dst} must lie
     * outside [from, to).
     */
    public static void subtractCombination(double[] m, int len, int dst, double[] coef, int coefOff, int from, int to,
            double scale) {
        if (VECTOR) {
            VectorKernels.subtractCombination(m, len, dst, coef, coefOff, from, to, scale);
        } else {
            scalarSubtractCombination(m, len, dst, coef, coefOff, from, to, scale, 0);
        }
    }

    /** Columns {@code fromCol..len-1} of {@link #subtractCombination} (the vector kernel's tail). */
    static void scalarSubtractCombination(double[] m, int len, int dst, double[] coef, int coefOff, int from, int to,
            double scale, int fromCol) {
        int o = dst * len;
        for (int c = fromCol; c < len; c++) {
            double s = m[o + c];
            for (int j = from; j < to; j++) {
                s = Math.fma(-coef[coefOff + j], m[j * len + c], s);
            }
            m[o + c] = s * scale;
        }
    }

    /**
     * out[r] = W_r · x + bias[biasOff + r] for the rows-by-cols W stored row-major at {@code w[off]}: the network's
     * output projection, a few rows long. Each dot product runs as four interleaved fused multiply-add chains
     * (columns c ≡ 0, 1, 2, 3 mod 4), summed as ((s0 + s1) + (s2 + s3)) + bias, so the forward waits a quarter of one
     * chain's latency. Scalar code, the same with and without the Vector API.
     */
    public static void rowDots(double[] w, int off, int rows, int cols, double[] x, double[] bias, int biasOff,
            double[] out) {
        int bound = cols & ~3;
        for (int r = 0; r < rows; r++) {
            int o = off + r * cols;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            int c = 0;
            for (; c < bound; c += 4) {
                s0 = Math.fma(w[o + c], x[c], s0);
                s1 = Math.fma(w[o + c + 1], x[c + 1], s1);
                s2 = Math.fma(w[o + c + 2], x[c + 2], s2);
                s3 = Math.fma(w[o + c + 3], x[c + 3], s3);
            }
            for (; c < cols; c++) {
                s0 = Math.fma(w[o + c], x[c], s0);
            }
            out[r] = ((s0 + s1) + (s2 + s3)) + bias[biasOff + r];
        }
    }

    /** out[i] = tanh(z[i]) for i < n, as {@link FastTanh#tanh(double)}. */
    public static void tanh(double[] z, double[] out, int n) {
        if (VECTOR) {
            VectorKernels.tanh(z, out, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = FastTanh.tanh(z[i]);
            }
        }
    }

    /**
     * One explicit Euler step of dx/dt = tanh(z): x[i] = x[i] + h·tanh(z[i]) (product, then sum, each rounded), the
     * same arithmetic as computing tanh into an array first.
     */
    public static void eulerTanh(double[] z, double[] x, double h, int n) {
        if (VECTOR) {
            VectorKernels.eulerTanh(z, x, h, n);
        } else {
            for (int i = 0; i < n; i++) {
                x[i] += h * FastTanh.tanh(z[i]);
            }
        }
    }

    /** Rows {@code from..rows-1} of the scalar mat-vec (the vector kernel's tail). */
    static void scalarMatVec(double[] packed, int rows, int cols, double[] y, double[] bias, int biasOff, double[] z,
            int from) {
        // Each row accumulates in registers: summing into z[r] in memory chained every term through a store.
        for (int r = from; r < rows; r++) {
            int base = (r / PANEL) * PANEL * cols + r % PANEL;
            double even = bias == null ? 0.0 : bias[biasOff + r];
            double odd = 0.0;
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                even = Math.fma(packed[base + c * PANEL], y[c], even);
                odd = Math.fma(packed[base + (c + 1) * PANEL], y[c + 1], odd);
            }
            if (c < cols) {
                even = Math.fma(packed[base + c * PANEL], y[c], even);
            }
            z[r] = even + odd;
        }
    }
}

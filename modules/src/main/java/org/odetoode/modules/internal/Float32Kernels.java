package org.odetoode.modules.internal;

/**
 * The float32 forward pass's kernels: the packed mat-vec, tanh and its Euler step, and the projection's row dots, in
 * single precision. Twice the lanes of {@link Kernels} per vector, and a shorter tanh, which is what a float32
 * forward buys. As there, the Vector API and the scalar fallback do the same operations in the same order, so the
 * results are bit-identical either way.
 */
public final class Float32Kernels {
    /** Rows per panel of {@link #pack}: two vectors with the Vector API, so a d = 16 panel is whole on AVX2. */
    static final int PANEL = Kernels.VECTOR ? VectorFloat32Kernels.PANEL : 16;

    private Float32Kernels() {
    }

    /** Length of a rows-by-cols matrix in the {@link #pack} layout. */
    public static int packedLength(int rows, int cols) {
        return (rows + PANEL - 1) / PANEL * PANEL * cols;
    }

    /** {@link Kernels#pack} with this class's panel, each entry rounded to float. */
    public static void pack(double[] w, int off, int rows, int cols, float[] packed) {
        for (int r = 0; r < rows; r++) {
            int base = (r / PANEL) * PANEL * cols + r % PANEL;
            int o = off + r * cols;
            for (int c = 0; c < cols; c++) {
                packed[base + c * PANEL] = (float) w[o + c];
            }
        }
    }

    /** to[i] = (float) from[i] for i < to.length: the rounding of parameters and inputs into a float32 forward. */
    public static void round(double[] from, float[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from[i];
        }
    }

    /**
     * to[i] = from[i] for i < to.length, the output of a float32 forward widened to double; returns whether every
     * value is finite (an overflow inside the forward shows as ±∞ or NaN here).
     */
    public static boolean widen(float[] from, double[] to) {
        boolean finite = true;
        for (int i = 0; i < to.length; i++) {
            to[i] = from[i];
            finite &= Float.isFinite(from[i]);
        }
        return finite;
    }

    /** {@link Kernels#matVec} in float: two fused multiply-add chains per row (even columns from b_r, odd from 0). */
    public static void matVec(float[] packed, int rows, int cols, float[] y, float[] bias, int biasOff, float[] z) {
        if (Kernels.VECTOR) {
            VectorFloat32Kernels.matVec(packed, rows, cols, y, bias, biasOff, z);
        } else {
            scalarMatVec(packed, rows, cols, y, bias, biasOff, z, 0);
        }
    }

    /** Rows {@code from..rows-1} of the scalar mat-vec (the vector kernel's tail). */
    static void scalarMatVec(float[] packed, int rows, int cols, float[] y, float[] bias, int biasOff, float[] z,
            int from) {
        for (int r = from; r < rows; r++) {
            int base = (r / PANEL) * PANEL * cols + r % PANEL;
            float even = bias == null ? 0.0f : bias[biasOff + r];
            float odd = 0.0f;
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

    /** {@link Kernels#rowDots} in float: out[r] = W_r · x + bias[biasOff + r], four chains summed pairwise. */
    public static void rowDots(float[] w, int off, int rows, int cols, float[] x, float[] bias, int biasOff,
            float[] out) {
        int bound = cols & ~3;
        for (int r = 0; r < rows; r++) {
            int o = off + r * cols;
            float s0 = 0.0f;
            float s1 = 0.0f;
            float s2 = 0.0f;
            float s3 = 0.0f;
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

    /**
     * One Euler step of two float32 tanh forwards of width d: x_k += h·tanh(W_k x_k + b_k) for k = 0, 1, each
     * exactly as {@link #matVec} into z_k then {@link #eulerTanh}. One forward is a chain of dependent mat-vecs and
     * tanh evaluations; when d fills one vector the two chains run interleaved in one loop (two candidates' steps
     * cost about what one did), otherwise one after the other.
     *
     * @param w0 network 0's d-by-d W in the {@link #pack} layout
     * @param bias0 its bias from {@code bias0Off}, or null for none
     * @param z0 its scratch for W x + b (used when the steps run one after the other)
     */
    public static void eulerTanhPair(int d, float h, float[] w0, float[] x0, float[] bias0, int bias0Off, float[] z0,
            float[] w1, float[] x1, float[] bias1, int bias1Off, float[] z1) {
        if (Kernels.VECTOR && d == VectorFloat32Kernels.LANES) {
            VectorFloat32Kernels.eulerTanhPair(w0, w1, d, x0, x1, bias0, bias0Off, bias1, bias1Off, z0, z1, h);
            return;
        }
        matVec(w0, d, d, x0, bias0, bias0Off, z0);
        matVec(w1, d, d, x1, bias1, bias1Off, z1);
        eulerTanh(z0, x0, h, d);
        eulerTanh(z1, x1, h, d);
    }

    /** x[i] = x[i] + h·tanh(z[i]) in float, tanh as {@link FastTanh#tanh(float)}. */
    public static void eulerTanh(float[] z, float[] x, float h, int n) {
        eulerTanh(z, 0, x, 0, h, n);
    }

    /** x[xOff + i] += h·tanh(z[zOff + i]) for i < n, as {@link #eulerTanh(float[], float[], float, int)}. */
    public static void eulerTanh(float[] z, int zOff, float[] x, int xOff, float h, int n) {
        if (Kernels.VECTOR) {
            VectorFloat32Kernels.eulerTanh(z, zOff, x, xOff, h, n);
        } else {
            for (int i = 0; i < n; i++) {
                x[xOff + i] += h * FastTanh.tanh(z[zOff + i]);
            }
        }
    }

    /** out[i] = tanh(z[i]) for i < n, as {@link FastTanh#tanh(float)}. */
    public static void tanh(float[] z, float[] out, int n) {
        tanh(z, 0, out, 0, n);
    }

    /** out[outOff + i] = tanh(z[zOff + i]) for i < n, as {@link FastTanh#tanh(float)}. */
    public static void tanh(float[] z, int zOff, float[] out, int outOff, int n) {
        if (Kernels.VECTOR) {
            VectorFloat32Kernels.tanh(z, zOff, out, outOff, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[outOff + i] = FastTanh.tanh(z[zOff + i]);
            }
        }
    }
}

package org.odetoode.modules.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD forms of {@link Float32Kernels}; loaded only when the Vector API module is present. */
final class VectorFloat32Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    /** Rows per panel of {@link Float32Kernels#pack}: two vectors. */
    static final int PANEL = 2 * S.length();

    private VectorFloat32Kernels() {
    }

    /**
     * {@link Float32Kernels#matVec}: a full panel keeps its two row vectors in two chains each; the rows of a partial
     * last panel run one vector at a time, then as scalars.
     */
    static void matVec(float[] packed, int rows, int cols, float[] y, float[] bias, int biasOff, float[] z) {
        int lanes = S.length();
        int full = rows / PANEL;
        for (int p = 0; p < full; p++) {
            int base = p * PANEL * cols;
            int r = p * PANEL;
            FloatVector a0 = start(bias, biasOff + r);
            FloatVector a1 = start(bias, biasOff + r + lanes);
            FloatVector b0 = FloatVector.zero(S);
            FloatVector b1 = b0;
            int pairs = cols >> 1;
            for (int q = 0; q < pairs; q++) {
                int o = base + q * (2 * PANEL);
                FloatVector ye = FloatVector.broadcast(S, y[2 * q]);
                FloatVector yo = FloatVector.broadcast(S, y[2 * q + 1]);
                a0 = FloatVector.fromArray(S, packed, o).fma(ye, a0);
                a1 = FloatVector.fromArray(S, packed, o + lanes).fma(ye, a1);
                b0 = FloatVector.fromArray(S, packed, o + PANEL).fma(yo, b0);
                b1 = FloatVector.fromArray(S, packed, o + PANEL + lanes).fma(yo, b1);
            }
            if ((cols & 1) != 0) {
                int o = base + (cols - 1) * PANEL;
                FloatVector ye = FloatVector.broadcast(S, y[cols - 1]);
                a0 = FloatVector.fromArray(S, packed, o).fma(ye, a0);
                a1 = FloatVector.fromArray(S, packed, o + lanes).fma(ye, a1);
            }
            a0.add(b0).intoArray(z, r);
            a1.add(b1).intoArray(z, r + lanes);
        }
        int r = full * PANEL;
        int base = full * PANEL * cols;
        for (; r + lanes <= rows; r += lanes) {
            int o = base + r % PANEL;
            FloatVector even = start(bias, biasOff + r);
            FloatVector odd = FloatVector.zero(S);
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                even = FloatVector.fromArray(S, packed, o + c * PANEL).fma(FloatVector.broadcast(S, y[c]), even);
                odd = FloatVector.fromArray(S, packed, o + (c + 1) * PANEL).fma(FloatVector.broadcast(S, y[c + 1]), odd);
            }
            if (c < cols) {
                even = FloatVector.fromArray(S, packed, o + c * PANEL).fma(FloatVector.broadcast(S, y[c]), even);
            }
            even.add(odd).intoArray(z, r);
        }
        if (r < rows) {
            Float32Kernels.scalarMatVec(packed, rows, cols, y, bias, biasOff, z, r);
        }
    }

    private static FloatVector start(float[] bias, int off) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, off);
    }

    static void tanh(float[] z, float[] out, int n) {
        tanh(z, 0, out, 0, n);
    }

    static void tanh(float[] z, int zOff, float[] out, int outOff, int n) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += lanes) {
            tanh(FloatVector.fromArray(S, z, zOff + i)).intoArray(out, outOff + i);
        }
        for (int i = bound; i < n; i++) {
            out[outOff + i] = FastTanh.tanh(z[zOff + i]);
        }
    }

    static void eulerTanh(float[] z, float[] x, float h, int n) {
        eulerTanh(z, 0, x, 0, h, n);
    }

    static void eulerTanh(float[] z, int zOff, float[] x, int xOff, float h, int n) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += lanes) {
            FloatVector step = tanh(FloatVector.fromArray(S, z, zOff + i)).mul(h);
            FloatVector.fromArray(S, x, xOff + i).add(step).intoArray(x, xOff + i);
        }
        for (int i = bound; i < n; i++) {
            x[xOff + i] += h * FastTanh.tanh(z[zOff + i]);
        }
    }

    /**
     * {@link Float32Kernels#eulerTanhPair} for rows = one vector: both networks' even and odd chains advance in one
     * loop, four independent chains instead of two, and z stays in registers. Each network's operations are those of
     * {@link #matVec} (its partial-panel path, which a one-vector W takes) then {@link #eulerTanh}.
     */
    static void eulerTanhPair(float[] w0, float[] w1, int cols, float[] x0, float[] x1, float[] bias0, int bias0Off,
            float[] bias1, int bias1Off, float[] z0, float[] z1, float h) {
        FloatVector even0 = start(bias0, bias0Off);
        FloatVector even1 = start(bias1, bias1Off);
        FloatVector odd0 = FloatVector.zero(S);
        FloatVector odd1 = odd0;
        int c = 0;
        for (; c + 1 < cols; c += 2) {
            int o = c * PANEL;
            even0 = FloatVector.fromArray(S, w0, o).fma(FloatVector.broadcast(S, x0[c]), even0);
            even1 = FloatVector.fromArray(S, w1, o).fma(FloatVector.broadcast(S, x1[c]), even1);
            odd0 = FloatVector.fromArray(S, w0, o + PANEL).fma(FloatVector.broadcast(S, x0[c + 1]), odd0);
            odd1 = FloatVector.fromArray(S, w1, o + PANEL).fma(FloatVector.broadcast(S, x1[c + 1]), odd1);
        }
        if (c < cols) {
            even0 = FloatVector.fromArray(S, w0, c * PANEL).fma(FloatVector.broadcast(S, x0[c]), even0);
            even1 = FloatVector.fromArray(S, w1, c * PANEL).fma(FloatVector.broadcast(S, x1[c]), even1);
        }
        even0.add(odd0).intoArray(z0, 0);
        even1.add(odd1).intoArray(z1, 0);
        // One call site of tanh in a loop: with two, C2 stopped inlining the second (its node count cutoff), and a
        // vector passed to a call is boxed.
        for (int k = 0; k < 2; k++) {
            float[] x = k == 0 ? x0 : x1;
            FloatVector step = tanh(FloatVector.fromArray(S, k == 0 ? z0 : z1, 0)).mul(h);
            FloatVector.fromArray(S, x, 0).add(step).intoArray(x, 0);
        }
    }

    /** {@link FastTanh#tanh(float)} on every lane, operation for operation (the compare-and-blend clamp as there). */
    private static FloatVector tanh(FloatVector x) {
        FloatVector abs = x.abs();
        FloatVector ax = abs.blend(FastTanh.SATURATE_F, abs.compare(VectorOperators.GT, FastTanh.SATURATE_F));
        FloatVector y = ax.mul(-2.0f);
        FloatVector t = ax.fma(FastTanh.MINUS_2_LOG2E_F, FastTanh.ROUND_F);
        FloatVector kn = FloatVector.broadcast(S, FastTanh.ROUND_F).sub(t);
        FloatVector r = kn.fma(FloatVector.broadcast(S, FastTanh.LN2_HI_F), y).add(kn.mul(FastTanh.LN2_LO_F));
        FloatVector r2 = r.mul(r);
        FloatVector u = r.mul(r2.add(FastTanh.P0_F));
        FloatVector v = r2.fma(FastTanh.Q1_F, FastTanh.Q0_F);
        FloatVector s = v.add(u);
        FloatVector m = v.sub(u);
        IntVector bits = t.reinterpretAsInts().sub(FastTanh.ROUND_F_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector twoK = bits.reinterpretAsFloats();
        FloatVector num = FloatVector.broadcast(S, 1.0f).sub(twoK).fma(s, u.mul(-2.0f));
        FloatVector den = twoK.fma(s, m);
        FloatVector q = num.div(den);
        IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
        return q.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }
}

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

    /**
     * {@link FastTanh#tanh(float)} on every lane, operation for operation (the compare-and-blend clamp as there). Its
     * constants are read from {@link #TANH}, not named constants: C2 inlined this into the lane forward's loop over
     * steps and hoisted the constants' broadcasts out of that loop, so a dozen vectors lived across each step's
     * mat-vec call and were spilled and reloaded in every tanh. A field read cannot move past a call, so they are
     * now made where each tanh loop starts (a 16-lane forward at d = 16: 2.5 against 3.1 µs).
     */
    private static FloatVector tanh(FloatVector x) {
        TanhConstants c = TANH;
        FloatVector abs = x.abs();
        FloatVector ax = abs.blend(c.saturate, abs.compare(VectorOperators.GT, c.saturate));
        FloatVector y = ax.mul(c.minusTwo);
        FloatVector t = ax.fma(c.minus2Log2e, c.round);
        FloatVector kn = FloatVector.broadcast(S, c.round).sub(t);
        FloatVector r = kn.fma(FloatVector.broadcast(S, c.ln2Hi), y).add(kn.mul(c.ln2Lo));
        FloatVector r2 = r.mul(r);
        FloatVector u = r.mul(r2.add(c.p0));
        FloatVector v = r2.fma(c.q1, c.q0);
        FloatVector s = v.add(u);
        FloatVector m = v.sub(u);
        IntVector bits = t.reinterpretAsInts().sub(c.roundBits).lanewise(VectorOperators.LSHL, 23);
        FloatVector twoK = bits.reinterpretAsFloats();
        FloatVector num = FloatVector.broadcast(S, c.one).sub(twoK).fma(s, u.mul(c.minusTwo));
        FloatVector den = twoK.fma(s, m);
        FloatVector q = num.div(den);
        IntVector sign = x.reinterpretAsInts().and(c.signBit);
        return q.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    private static final TanhConstants TANH = new TanhConstants();

    /**
     * {@link FastTanh}'s float constants as fields of an object. Not final and set in the constructor, so that
     * neither javac nor the JIT treats them as constants (see {@link #tanh(FloatVector)}).
     */
    private static final class TanhConstants {
        float saturate;
        float minusTwo;
        float minus2Log2e;
        float round;
        float ln2Hi;
        float ln2Lo;
        float p0;
        float q1;
        float q0;
        /** {@link FastTanh#ROUND_F_BITS} less the exponent bias. */
        int roundBits;
        float one;
        int signBit;

        TanhConstants() {
            saturate = FastTanh.SATURATE_F;
            minusTwo = -2.0f;
            minus2Log2e = FastTanh.MINUS_2_LOG2E_F;
            round = FastTanh.ROUND_F;
            ln2Hi = FastTanh.LN2_HI_F;
            ln2Lo = FastTanh.LN2_LO_F;
            p0 = FastTanh.P0_F;
            q1 = FastTanh.Q1_F;
            q0 = FastTanh.Q0_F;
            roundBits = FastTanh.ROUND_F_BITS - 127;
            one = 1.0f;
            signBit = Integer.MIN_VALUE;
        }
    }
}

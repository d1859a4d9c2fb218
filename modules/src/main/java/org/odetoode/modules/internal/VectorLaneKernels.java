package org.odetoode.modules.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** SIMD forms of {@link LaneKernels}, one vector per row or column; loaded only when the Vector API is present. */
final class VectorLaneKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    private static final int HALF = LANES / 2;
    /** A half group's row c in both halves, from the vector holding rows c and c + 1 ({@code [c][lane]}). */
    private static final VectorShuffle<Float> LOW = halfInBothHalves(0);
    /** Row c + 1 in both halves. */
    private static final VectorShuffle<Float> HIGH = halfInBothHalves(HALF);

    private VectorLaneKernels() {
    }

    /**
     * {@link LaneKernels#matVec}: two rows at a time, so that four independent chains are in flight and each load of
     * y serves two rows; an odd last row alone. The column loop steps one index through y and adds the rows' offsets
     * to it, which measured faster than indices computed from the column.
     */
    static void matVec(float[] w, int wOff, int rows, int cols, float[] y, int yOff, float[] bias, int biasOff,
            float[] z, int zOff) {
        if (cols == 16) {
            matVec16(w, wOff, rows, y, yOff, bias, biasOff, z, zOff);
            return;
        }
        int rowLength = cols * LANES;
        int pairEnd = (cols & ~1) * LANES;
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            int o0 = wOff + r * rowLength;
            int o1 = o0 + rowLength;
            FloatVector even0 = start(bias, biasOff + r * LANES);
            FloatVector even1 = start(bias, biasOff + (r + 1) * LANES);
            FloatVector odd0 = FloatVector.zero(S);
            FloatVector odd1 = odd0;
            for (int e = 0; e < pairEnd; e += 2 * LANES) {
                FloatVector ye = FloatVector.fromArray(S, y, yOff + e);
                FloatVector yo = FloatVector.fromArray(S, y, yOff + e + LANES);
                even0 = FloatVector.fromArray(S, w, o0 + e).fma(ye, even0);
                even1 = FloatVector.fromArray(S, w, o1 + e).fma(ye, even1);
                odd0 = FloatVector.fromArray(S, w, o0 + e + LANES).fma(yo, odd0);
                odd1 = FloatVector.fromArray(S, w, o1 + e + LANES).fma(yo, odd1);
            }
            if (pairEnd < rowLength) {
                FloatVector ye = FloatVector.fromArray(S, y, yOff + pairEnd);
                even0 = FloatVector.fromArray(S, w, o0 + pairEnd).fma(ye, even0);
                even1 = FloatVector.fromArray(S, w, o1 + pairEnd).fma(ye, even1);
            }
            even0.add(odd0).intoArray(z, zOff + r * LANES);
            even1.add(odd1).intoArray(z, zOff + (r + 1) * LANES);
        }
        if (r < rows) {
            int o = wOff + r * rowLength;
            FloatVector even = start(bias, biasOff + r * LANES);
            FloatVector odd = FloatVector.zero(S);
            for (int e = 0; e < pairEnd; e += 2 * LANES) {
                even = FloatVector.fromArray(S, w, o + e).fma(FloatVector.fromArray(S, y, yOff + e), even);
                odd = FloatVector.fromArray(S, w, o + e + LANES)
                        .fma(FloatVector.fromArray(S, y, yOff + e + LANES), odd);
            }
            if (pairEnd < rowLength) {
                even = FloatVector.fromArray(S, w, o + pairEnd).fma(FloatVector.fromArray(S, y, yOff + pairEnd), even);
            }
            even.add(odd).intoArray(z, zOff + r * LANES);
        }
    }

    /**
     * {@link #matVec} for 16 columns (the default width's W), with y's 16 vectors held in registers for every row:
     * a group's W streams from L2 (160 KB at d = 16), and not reloading y left the core that bandwidth (ten W
     * products of a 16-lane group: 1,480 against 1,845 ns, JMH). Each row's chains are those of {@link #matVec}.
     */
    private static void matVec16(float[] w, int wOff, int rows, float[] y, int yOff, float[] bias, int biasOff,
            float[] z, int zOff) {
        FloatVector y0 = FloatVector.fromArray(S, y, yOff);
        FloatVector y1 = FloatVector.fromArray(S, y, yOff + LANES);
        FloatVector y2 = FloatVector.fromArray(S, y, yOff + 2 * LANES);
        FloatVector y3 = FloatVector.fromArray(S, y, yOff + 3 * LANES);
        FloatVector y4 = FloatVector.fromArray(S, y, yOff + 4 * LANES);
        FloatVector y5 = FloatVector.fromArray(S, y, yOff + 5 * LANES);
        FloatVector y6 = FloatVector.fromArray(S, y, yOff + 6 * LANES);
        FloatVector y7 = FloatVector.fromArray(S, y, yOff + 7 * LANES);
        FloatVector y8 = FloatVector.fromArray(S, y, yOff + 8 * LANES);
        FloatVector y9 = FloatVector.fromArray(S, y, yOff + 9 * LANES);
        FloatVector y10 = FloatVector.fromArray(S, y, yOff + 10 * LANES);
        FloatVector y11 = FloatVector.fromArray(S, y, yOff + 11 * LANES);
        FloatVector y12 = FloatVector.fromArray(S, y, yOff + 12 * LANES);
        FloatVector y13 = FloatVector.fromArray(S, y, yOff + 13 * LANES);
        FloatVector y14 = FloatVector.fromArray(S, y, yOff + 14 * LANES);
        FloatVector y15 = FloatVector.fromArray(S, y, yOff + 15 * LANES);
        for (int r = 0; r < rows; r++) {
            int o = wOff + r * 16 * LANES;
            FloatVector even = start(bias, biasOff + r * LANES);
            even = FloatVector.fromArray(S, w, o).fma(y0, even);
            FloatVector odd = FloatVector.fromArray(S, w, o + LANES).fma(y1, FloatVector.zero(S));
            even = FloatVector.fromArray(S, w, o + 2 * LANES).fma(y2, even);
            odd = FloatVector.fromArray(S, w, o + 3 * LANES).fma(y3, odd);
            even = FloatVector.fromArray(S, w, o + 4 * LANES).fma(y4, even);
            odd = FloatVector.fromArray(S, w, o + 5 * LANES).fma(y5, odd);
            even = FloatVector.fromArray(S, w, o + 6 * LANES).fma(y6, even);
            odd = FloatVector.fromArray(S, w, o + 7 * LANES).fma(y7, odd);
            even = FloatVector.fromArray(S, w, o + 8 * LANES).fma(y8, even);
            odd = FloatVector.fromArray(S, w, o + 9 * LANES).fma(y9, odd);
            even = FloatVector.fromArray(S, w, o + 10 * LANES).fma(y10, even);
            odd = FloatVector.fromArray(S, w, o + 11 * LANES).fma(y11, odd);
            even = FloatVector.fromArray(S, w, o + 12 * LANES).fma(y12, even);
            odd = FloatVector.fromArray(S, w, o + 13 * LANES).fma(y13, odd);
            even = FloatVector.fromArray(S, w, o + 14 * LANES).fma(y14, even);
            odd = FloatVector.fromArray(S, w, o + 15 * LANES).fma(y15, odd);
            even.add(odd).intoArray(z, zOff + r * LANES);
        }
    }

    /** {@link LaneKernels#spread}: each vector of v holds two rows, copied into both halves of two vectors. */
    static void spread(float[] v, int vOff, int rows, float[] out, int outOff) {
        for (int c = 0; c < rows; c += 2) {
            FloatVector two = FloatVector.fromArray(S, v, vOff + c * HALF);
            two.rearrange(LOW).intoArray(out, outOff + c * LANES);
            two.rearrange(HIGH).intoArray(out, outOff + (c + 1) * LANES);
        }
    }

    /**
     * The shuffle copying lanes {@code from} to {@code from + HALF - 1} into both halves. Built from an index array,
     * not a lambda: the lambda's bootstrap made a JVM's first training iteration end about 0.1 s later.
     */
    private static VectorShuffle<Float> halfInBothHalves(int from) {
        int[] lanes = new int[LANES];
        for (int i = 0; i < LANES; i++) {
            lanes[i] = from + i % HALF;
        }
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    private static FloatVector start(float[] bias, int off) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, off);
    }

    /** {@link LaneKernels#rowDots}, a row at a time. */
    static void rowDots(float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
            float[] out, int outOff) {
        int bound = cols & ~3;
        for (int r = 0; r < rows; r++) {
            int o = wOff + r * cols * LANES;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int c = 0;
            for (; c < bound; c += 4) {
                int e = c * LANES;
                int xe = xOff + e;
                s0 = FloatVector.fromArray(S, w, o + e).fma(FloatVector.fromArray(S, x, xe), s0);
                s1 = FloatVector.fromArray(S, w, o + e + LANES).fma(FloatVector.fromArray(S, x, xe + LANES), s1);
                s2 = FloatVector.fromArray(S, w, o + e + 2 * LANES)
                        .fma(FloatVector.fromArray(S, x, xe + 2 * LANES), s2);
                s3 = FloatVector.fromArray(S, w, o + e + 3 * LANES)
                        .fma(FloatVector.fromArray(S, x, xe + 3 * LANES), s3);
            }
            for (; c < cols; c++) {
                int e = c * LANES;
                s0 = FloatVector.fromArray(S, w, o + e).fma(FloatVector.fromArray(S, x, xOff + e), s0);
            }
            s0.add(s1).add(s2.add(s3)).add(FloatVector.fromArray(S, bias, biasOff + r * LANES))
                    .intoArray(out, outOff + r * LANES);
        }
    }
}

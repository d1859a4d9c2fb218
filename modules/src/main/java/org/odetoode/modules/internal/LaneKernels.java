package org.odetoode.modules.internal;

/**
 * The float32 forward's kernels for a group of {@link #LANES} candidates in structure-of-arrays form: every value of
 * the forward is stored lane-interleaved ({@code [row][column][lane]} for a matrix, {@code [row][lane]} for a vector),
 * lane l holding candidate l's copy, so that one vector operation advances every candidate by one operation and no
 * sum runs across lanes. Each lane does exactly the operations of {@link Float32Kernels} in the same order (the
 * mat-vec's even and odd chains, the row dots' four chains), so a candidate's results do not depend on whether it ran
 * alone or in a lane, nor on which lane. The elementwise Euler-tanh step needs no lane form:
 * {@link Float32Kernels#eulerTanh} over {@code rows·LANES} values does each lane's operations.
 *
 * <p>As in {@link Kernels}, the Vector API and the scalar fallback give bit-identical results.
 */
public final class LaneKernels {
    /** Candidates per group: the floats of one preferred vector (8 on AVX2), or 8 without the Vector API. */
    public static final int LANES = Kernels.VECTOR ? VectorLaneKernels.LANES : 8;

    /**
     * Candidates of a half group: half of {@link #LANES}, so that one vector holds two rows of them. A half group
     * stores a matrix's rows in pairs, {@code [r/2][c][r%2][lane]} ({@link #pairedIndex}), and a vector as
     * {@code [r][lane]}. To the full group's kernels such a matrix is one with half the rows (rounded up) whose row R
     * holds rows 2R and 2R + 1, and the vector it multiplies is the half group's with each row {@link #spread} into
     * both halves, so each lane does exactly its operations there. With half the lanes active a forward then reads
     * half the bytes, which is what bounds it.
     */
    public static final int HALF = LANES / 2;

    /**
     * The index of a float[]'s first element that lies on a 64-byte boundary when the JVM aligns objects to 64 bytes
     * ({@code -XX:ObjectAlignmentInBytes=64}, as the launcher starts it): a lane group's arrays start their data
     * there, because a 512-bit load that straddles two cache lines costs two (the lane mat-vec ran 1.3× faster
     * aligned). Under the default 8-byte alignment it changes nothing but a few floats of padding.
     */
    public static final int ALIGNED_START = alignedStart();

    private LaneKernels() {
    }

    private static int alignedStart() {
        int base = 16; // HotSpot's float[] header with compressed class pointers, the default
        try {
            base = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not HotSpot, or the field is gone: keep the usual header size; only speed depends on it
        }
        return Math.floorMod(-base, 64) / Float.BYTES;
    }

    /**
     * z = W y + b per lane, as {@link Float32Kernels#matVec}: each z_r summed in two fused multiply-add chains, the
     * even columns from b_r and the odd ones from zero, in increasing column, then even + odd.
     *
     * @param w the rows-by-cols W of every lane, {@code [r][c][lane]} from {@code wOff}
     * @param y {@code [c][lane]}
     * @param bias {@code [r][lane]} from {@code biasOff}, or null for zero
     * @param z {@code [r][lane]}, written
     */
    public static void matVec(float[] w, int wOff, int rows, int cols, float[] y, int yOff, float[] bias, int biasOff,
            float[] z, int zOff) {
        if (Kernels.VECTOR) {
            VectorLaneKernels.matVec(w, wOff, rows, cols, y, yOff, bias, biasOff, z, zOff);
        } else {
            scalarMatVec(w, wOff, rows, cols, y, yOff, bias, biasOff, z, zOff);
        }
    }

    static void scalarMatVec(float[] w, int wOff, int rows, int cols, float[] y, int yOff, float[] bias, int biasOff,
            float[] z, int zOff) {
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < LANES; l++) {
                int o = wOff + r * cols * LANES + l;
                float even = bias == null ? 0.0f : bias[biasOff + r * LANES + l];
                float odd = 0.0f;
                int c = 0;
                for (; c + 1 < cols; c += 2) {
                    even = Math.fma(w[o + c * LANES], y[yOff + c * LANES + l], even);
                    odd = Math.fma(w[o + (c + 1) * LANES], y[yOff + (c + 1) * LANES + l], odd);
                }
                if (c < cols) {
                    even = Math.fma(w[o + c * LANES], y[yOff + c * LANES + l], even);
                }
                z[zOff + r * LANES + l] = even + odd;
            }
        }
    }

    /**
     * out_r = W_r · x + b_r per lane, as {@link Float32Kernels#rowDots}: four chains over the columns by their
     * remainder mod 4 (the columns past the last multiple of four into the first), summed pairwise, then b_r.
     *
     * @param w {@code [r][c][lane]} from {@code wOff}
     * @param x {@code [c][lane]}
     * @param bias {@code [r][lane]} from {@code biasOff}
     * @param out {@code [r][lane]}, written
     */
    public static void rowDots(float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
            float[] out, int outOff) {
        if (Kernels.VECTOR) {
            VectorLaneKernels.rowDots(w, wOff, rows, cols, x, xOff, bias, biasOff, out, outOff);
        } else {
            scalarRowDots(w, wOff, rows, cols, x, xOff, bias, biasOff, out, outOff);
        }
    }

    /** Where entry (r, c) of lane {@code lane} lies in a paired-rows matrix with {@code cols} columns. */
    public static int pairedIndex(int r, int c, int cols, int lane) {
        return ((r >> 1) * cols * 2 + c * 2 + (r & 1)) * HALF + lane;
    }

    /** Rows a paired-rows array holds for {@code rows} rows: the next even number (a last odd row's pair pads). */
    public static int pairedRows(int rows) {
        return (rows + 1) & ~1;
    }

    /**
     * out[c][lane] = out[c][HALF + lane] = v[c][lane] for c < rows and lane < HALF: a half group's vector
     * ({@code [c][HALF]} from {@code vOff}) as the full group's kernels multiply a paired-rows matrix by it. With an
     * odd count the vector form also reads the padding row of v and writes its copies.
     */
    public static void spread(float[] v, int vOff, int rows, float[] out, int outOff) {
        if (Kernels.VECTOR) {
            VectorLaneKernels.spread(v, vOff, rows, out, outOff);
        } else {
            scalarSpread(v, vOff, rows, out, outOff);
        }
    }

    static void scalarSpread(float[] v, int vOff, int rows, float[] out, int outOff) {
        for (int c = 0; c < rows; c++) {
            for (int l = 0; l < HALF; l++) {
                out[outOff + c * LANES + l] = v[vOff + c * HALF + l];
                out[outOff + c * LANES + HALF + l] = v[vOff + c * HALF + l];
            }
        }
    }

    static void scalarRowDots(float[] w, int wOff, int rows, int cols, float[] x, int xOff, float[] bias, int biasOff,
            float[] out, int outOff) {
        int bound = cols & ~3;
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < LANES; l++) {
                int o = wOff + r * cols * LANES + l;
                float s0 = 0.0f;
                float s1 = 0.0f;
                float s2 = 0.0f;
                float s3 = 0.0f;
                int c = 0;
                int xl = xOff + l;
                for (; c < bound; c += 4) {
                    s0 = Math.fma(w[o + c * LANES], x[xl + c * LANES], s0);
                    s1 = Math.fma(w[o + (c + 1) * LANES], x[xl + (c + 1) * LANES], s1);
                    s2 = Math.fma(w[o + (c + 2) * LANES], x[xl + (c + 2) * LANES], s2);
                    s3 = Math.fma(w[o + (c + 3) * LANES], x[xl + (c + 3) * LANES], s3);
                }
                for (; c < cols; c++) {
                    s0 = Math.fma(w[o + c * LANES], x[xl + c * LANES], s0);
                }
                out[outOff + r * LANES + l] = ((s0 + s1) + (s2 + s3)) + bias[biasOff + r * LANES + l];
            }
        }
    }
}

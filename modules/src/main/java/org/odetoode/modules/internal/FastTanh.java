package org.odetoode.modules.internal;

/**
 * tanh within 4 ulp of {@link StrictMath#tanh}, built from operations that vectorise, so that {@link Kernels} can
 * evaluate it on whole vectors of pre-activations ({@link Math#tanh} is not a JIT intrinsic on JDK 17 and cost 27 ns
 * a call here; the Vector API's TANH fell back to it as well).
 *
 * <p>tanh(x) = −m / (2 + m) · sign(x) with m = expm1(−2|x|), |x| clamped at 22 where tanh rounds to ±1. The expm1 is
 * reduced as y = k·ln2 + r, |r| ≤ ln2/2: expm1(y) = 2^k·expm1(r) + (2^k − 1), with expm1(r) from its Taylor series to
 * r^14 (truncation below 1e-17) by Estrin's scheme with fused multiply-adds. Writing it as expm1 rather than exp keeps
 * the relative accuracy for small |x|, where 1 − e^{−2|x|} would cancel. k is rounded by adding 1.5·2^52, which also
 * leaves k in the low bits of the sum, from which 2^k is assembled. The vector form in {@link VectorKernels} performs
 * exactly these operations lane by lane, so both give bit-identical results.
 */
public final class FastTanh {
    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double ROUND = 0x1.8p52;
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    static final double SATURATE = 22.0;
    // Taylor coefficients 1/(j+1)! of expm1(r)/r. Named constants, not an array: the JIT hoists their broadcasts out
    // of the vector kernel's loop, which it cannot do for array elements since the loop's stores might alias them.
    static final double C0 = 1.0;
    static final double C1 = 1.0 / 2;
    static final double C2 = 1.0 / 6;
    static final double C3 = 1.0 / 24;
    static final double C4 = 1.0 / 120;
    static final double C5 = 1.0 / 720;
    static final double C6 = 1.0 / 5040;
    static final double C7 = 1.0 / 40320;
    static final double C8 = 1.0 / 362880;
    static final double C9 = 1.0 / 3628800;
    static final double C10 = 1.0 / 39916800;
    static final double C11 = 1.0 / 479001600;
    static final double C12 = 1.0 / 6227020800.0;
    static final double C13 = 1.0 / 87178291200.0;

    private FastTanh() {
    }

    /** tanh(x); NaN gives NaN. */
    public static double tanh(double x) {
        double ax = Math.min(Math.abs(x), SATURATE);
        double y = -2.0 * ax;
        double t = Math.fma(y, LOG2E, ROUND);
        double k = t - ROUND;
        double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, y));
        // Estrin's scheme: a dependency chain of 5 multiply-adds instead of Horner's 14.
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double b0 = Math.fma(Math.fma(C3, r, C2), r2, Math.fma(C1, r, C0));
        double b1 = Math.fma(Math.fma(C7, r, C6), r2, Math.fma(C5, r, C4));
        double b2 = Math.fma(Math.fma(C11, r, C10), r2, Math.fma(C9, r, C8));
        double b3 = Math.fma(C13, r, C12);
        double q = Math.fma(Math.fma(b3, r4, b2), r8, Math.fma(b1, r4, b0)) * r;
        double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - ROUND_BITS + 1023L) << 52);
        double m = Math.fma(twoK, q, twoK - 1.0);
        return Math.copySign(-m / (2.0 + m), x);
    }
}

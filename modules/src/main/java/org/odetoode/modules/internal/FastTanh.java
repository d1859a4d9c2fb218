package org.odetoode.modules.internal;

/**
 * tanh within 4 ulp of {@link StrictMath#tanh}, built from operations that vectorise, so that {@link Kernels} can
 * evaluate it on whole vectors of pre-activations ({@link Math#tanh} is not a JIT intrinsic on JDK 17 and cost 27 ns
 * a call here; the Vector API's TANH fell back to it as well).
 *
 * <p>With e = exp(−2|x|), tanh|x| = (1 − e)/(1 + e). The exponent is reduced as −2|x| = k·ln2 + r, |r| ≤ ln2/2, and
 * e^r comes from its [6/6] Padé approximant (V + U)/(V − U), U odd and V even in r, whose truncation error here is
 * below 2e-19. Then, with S = V + U and M = V − U,
 * tanh|x| = ((1 − 2^k)·S − 2U) / (2^k·S + M): for k = 0 the numerator is −2U itself, so small |x| keep their
 * relative accuracy without an expm1, and the whole function needs one division. V's large constant term is added
 * last so that S and M each round once near the end. |x| is clamped at 22, where tanh rounds to ±1. k is rounded
 * by adding 1.5·2^52, which also leaves k in the low bits of the sum, from which 2^k is assembled. The vector form
 * in {@link VectorKernels} performs exactly these operations lane by lane, so both give bit-identical results.
 *
 * <p>{@link #tanh(float)} is the same construction in single precision for float32 forward passes: |x| clamped at
 * 10 (where it rounds to 1), a two-part ln2 whose high part times k is exact, and the [3/3] Padé approximant (truncation error below 1e-8);
 * within 4 ulp of the correctly rounded float tanh.
 */
public final class FastTanh {
    static final double MINUS_2_LOG2E = -2 * 1.4426950408889634;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double ROUND = 0x1.8p52;
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    static final double SATURATE = 22.0;
    // The [6/6] Padé approximant of e^r scaled by 12!/6!: U = r (P0 + P1 r² + P2 r⁴), V = Q0 + Q1 r² + Q2 r⁴ + r⁶.
    // Integers, so exact in double. Named constants, not an array: the JIT hoists their broadcasts out of the vector
    // kernel's loop, which it cannot do for array elements since the loop's stores might alias them.
    static final double P0 = 332640;
    static final double P1 = 10080;
    static final double P2 = 42;
    static final double Q0 = 665280;
    static final double Q1 = 75600;
    static final double Q2 = 840;

    static final float MINUS_2_LOG2E_F = (float) MINUS_2_LOG2E;
    // Cephes' split of ln2 for expf: the high part has 9 significant bits, so k·LN2_HI_F is exact for |k| < 2^15.
    static final float LN2_HI_F = 0.693359375f;
    static final float LN2_LO_F = -2.12194440e-4f;
    static final float ROUND_F = 0x1.8p23f;
    static final int ROUND_F_BITS = Float.floatToRawIntBits(ROUND_F);
    static final float SATURATE_F = 10.0f;
    // The [3/3] Padé approximant of e^r: U = r (60 + r²), V = 120 + 12 r².
    static final float P0_F = 60.0f;
    static final float Q0_F = 120.0f;
    static final float Q1_F = 12.0f;

    private FastTanh() {
    }

    /** tanh(x); NaN gives NaN. */
    public static double tanh(double x) {
        double ax = Math.min(Math.abs(x), SATURATE);
        double y = -2.0 * ax;
        // t and −k straight from |x| and from t, and the low part of k·ln2 beside the high one: each saves latency
        // on the chain from x to tanh(x), which is what a forward pass waits for.
        double t = Math.fma(ax, MINUS_2_LOG2E, ROUND);
        double kn = ROUND - t;
        double r = Math.fma(kn, LN2_HI, y) + kn * LN2_LO;
        double r2 = r * r;
        double u = r * Math.fma(Math.fma(P2, r2, P1), r2, P0);
        double w = Math.fma(r2 + Q2, r2, Q1);
        double s = Math.fma(r2, w, u) + Q0;
        double m = Math.fma(r2, w, -u) + Q0;
        double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - ROUND_BITS + 1023L) << 52);
        double num = Math.fma(1.0 - twoK, s, -2.0 * u);
        double den = Math.fma(twoK, s, m);
        // num ≥ 0 < den (num is −2u ≥ 0 itself when k = 0); the quotient with x's sign, including tanh(±0) = ±0.
        return Math.copySign(num / den, x);
    }

    /** tanh(x) in single precision; NaN gives NaN. The operations of the double version, with the [3/3] Padé. */
    public static float tanh(float x) {
        float ax = Math.min(Math.abs(x), SATURATE_F);
        float y = -2.0f * ax;
        float t = Math.fma(ax, MINUS_2_LOG2E_F, ROUND_F);
        float kn = ROUND_F - t;
        float r = Math.fma(kn, LN2_HI_F, y) + kn * LN2_LO_F;
        float r2 = r * r;
        float u = r * (r2 + P0_F);
        float v = Math.fma(r2, Q1_F, Q0_F);
        float s = v + u;
        float m = v - u;
        float twoK = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_F_BITS + 127) << 23);
        float num = Math.fma(1.0f - twoK, s, -2.0f * u);
        float den = Math.fma(twoK, s, m);
        return Math.copySign(num / den, x);
    }
}

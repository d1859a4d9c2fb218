package org.odetoode.envs.classic;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * sin, cos and pow with the results of this machine's C library, as NumPy computes them on float64 scalars.
 *
 * <p>Why the C library: NumPy's float64 {@code sin}, {@code cos} (numpy/_core/src/umath/loops_trigonometric,
 * which calls {@code npy_sin}/{@code npy_cos} since NumPy turned its SIMD float64 versions off) and the scalar
 * power {@code x**2} ({@code npy_pow}) all call the C library, and none of these is correctly rounded there.
 * Measured with glibc 2.36 on x86-64 (envs/src/test/python/libm_rounding.py, arguments in [-12, 12] against a
 * 200-bit evaluation): sin misrounds 0.14 % of arguments, cos 0.15 %, pow(x, 2) 0.10 % (where {@code x * x} is
 * exact to the last bit), by up to 0.514 ulp; glibc's variant for CPUs without FMA misrounds others again. Java's
 * {@code Math.sin} differs from glibc's on about 0.2 % of such arguments and a correctly rounded sin would too, so
 * no evaluation in Java alone reproduces the reference, and the chaotic Acrobot turns one such ulp into a
 * different episode.
 *
 * <p>How, and why it stays fast: a C call costs about 15 ns through the JDK's foreign linker (the launcher's
 * {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}) and about 0.1 µs through JNA,
 * which answers when the JVM lacks those flags; either is more than Java's sin. So sin and cos
 * first evaluate the exact value in Java (double-double, within 0.013 ulp), and pow(x, 2) the exact square (an
 * FMA). When that value lies at least 0.075 ulp away from a rounding midpoint, every result within 0.56 ulp of
 * the exact value is the same double, the correctly rounded one, and so it is what the C library returns: glibc's
 * sources state at most 0.548 ulp for sin and cos and 0.54 ulp for pow (measured here: at most 0.52). Only the
 * other arguments, about 15 %, and those outside 2^-20 &lt;= |x| &lt;= 2^19 go to the C library. (Another C library
 * is matched as long as it too stays within 0.56 ulp, as the usual ones do.) CLibraryMathTest
 * checks the agreement with the C library on millions of arguments, and the Java values against an independent
 * BigDecimal evaluation. Correct rounding alone is no substitute: with every argument answered in Java, 5 of the
 * 64 reference episodes leave the reference's observations (by up to 2.9e-5) and 62 end in a different state.
 *
 * <p>When the C math library cannot be loaded ({@link #isCLibrary()} is false), Java's {@link Math} answers the
 * arguments the Java evaluation leaves open.
 */
public final class CLibraryMath {
    /** The foreign linker's calls are used when the JVM has the module and allows native access; else JNA's. */
    private static final boolean FOREIGN = ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent()
            && ForeignLibm.SIN != null;
    private static final boolean C_LIBRARY = FOREIGN || register();

    /** Results closer than this to a rounding midpoint (as a fraction of an ulp) are the C library's to round. */
    private static final double MIDPOINT_MARGIN = 0.075;
    /** The Java value is used when its low part is below this fraction of an ulp of its high part. */
    private static final double SAFE_FRACTION = 0.5 - MIDPOINT_MARGIN;

    private static final double TWO_OVER_PI = 0.6366197723675814;
    // pi/2 in three parts: 33 bits, 33 bits, then the rest rounded, so that k * PIO2_1 and k * PIO2_2 are exact
    // for the |k| < 2^20 of the arguments reduced here.
    private static final double PIO2_1 = 1.5707963267341256;
    private static final double PIO2_2 = 6.077100506303966E-11;
    private static final double PIO2_3 = 2.0222662487959506E-21;
    /** Arguments reduced in Java: beyond, the reduction above loses exactness (the C library answers). */
    private static final double MAX_REDUCED = 1 << 19;
    /** Below this |x| (and for reduced arguments below it) the C library answers: rare, and relative error grows. */
    private static final double MIN_REDUCED = 0x1p-20;

    // -1/6 as a double-double.
    private static final double SIXTH_HI = -0.16666666666666666;
    private static final double SIXTH_LO = -9.25185853854297E-18;
    // 1/24 as a double-double.
    private static final double TWENTY_FOURTH_HI = 0.041666666666666664;
    private static final double TWENTY_FOURTH_LO = 2.3129646346357427E-18;

    private CLibraryMath() {
    }

    /** The C math library's functions, bound by JNA direct mapping (the Java names are the C symbols). */
    private static final class Libm {
        static native double sin(double x);

        static native double cos(double x);

        static native double pow(double x, double y);
    }

    private static boolean register() {
        try {
            Native.register(Libm.class, NativeLibrary.getInstance(Platform.MATH_LIBRARY_NAME));
            return true;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /** True when the C library's calls go through the foreign linker, false when through JNA (or none is loaded). */
    static boolean usesForeignLinker() {
        return FOREIGN;
    }

    /** True when the C library rounds the arguments the Java evaluation leaves open; false when Java's Math does. */
    public static boolean isCLibrary() {
        return C_LIBRARY;
    }

    /** The C library's {@code sin(x)}. */
    public static double sin(double x) {
        return sinCos(x, 0);
    }

    /** The C library's {@code cos(x)}. */
    public static double cos(double x) {
        return sinCos(x, 1);
    }

    /** The C library's {@code pow(x, y)}: NumPy's {@code x ** y} on a float64 scalar. */
    public static double pow(double x, double y) {
        if (y == 2.0) {
            double hi = x * x;
            double lo = Math.fma(x, x, -hi); // x * x == hi + lo exactly away from the exponent range's ends
            if (hi > 0x1p-900 && hi < 0x1p900 && isSafelyRounded(hi, lo)) {
                return hi;
            }
        }
        if (!C_LIBRARY) {
            return Math.pow(x, y);
        }
        return FOREIGN ? ForeignLibm.pow(x, y) : Libm.pow(x, y);
    }

    private static double sinCos(double x, int quadrantShift) {
        double y = correctlyRounded(x, quadrantShift);
        if (y == y) {
            return y;
        }
        if (!C_LIBRARY) {
            return quadrantShift == 0 ? Math.sin(x) : Math.cos(x);
        }
        if (FOREIGN) {
            return quadrantShift == 0 ? ForeignLibm.sin(x) : ForeignLibm.cos(x);
        }
        return quadrantShift == 0 ? Libm.sin(x) : Libm.cos(x);
    }

    /**
     * sin(x) ({@code quadrantShift} 0) or cos(x) ({@code quadrantShift} 1, as cos x = sin(x + pi/2)) correctly
     * rounded, when the Java evaluation shows it at least {@link #MIDPOINT_MARGIN} ulp away from a rounding
     * midpoint; NaN otherwise (and outside 2^-20 &lt;= |x| &lt;= 2^19), leaving the rounding to the C library.
     */
    static double correctlyRounded(double x, int quadrantShift) {
        double ax = Math.abs(x);
        if (ax >= MIN_REDUCED && ax <= MAX_REDUCED) {
            // x = k pi/2 + r, |r| <= pi/4 (plus a rounding of x * 2/pi), r = rh + rl to about 2^-100 absolute.
            double k = Math.rint(x * TWO_OVER_PI);
            double t = x - k * PIO2_1; // exact (Sterbenz for k != 0; t = x for k == 0)
            double w = k * PIO2_2; // exact
            double rh = t - w;
            double rl = (t - rh) - w; // t - w == rh + rl exactly when |t| >= |w|
            double w3 = k * PIO2_3;
            double s = rh - w3;
            rl = ((rh - s) - w3) + rl;
            rh = s;
            if (Math.abs(rh) >= MIN_REDUCED && Math.abs(t) >= Math.abs(w)) {
                int quadrant = ((int) k + quadrantShift) & 3;
                // Into yh + yl: sin r for quadrants 0 and 2, cos r for 1 and 3; negated for 2 and 3.
                double yh;
                double yl;
                double z = rh * rh;
                double zl = Math.fma(rh, rh, -z); // rh^2 == z + zl exactly
                if ((quadrant & 1) == 0) {
                    // sin r = r - r^3/6 + r^5 P(r^2): the cube in double-double, the rest in double. The error is that
                    // of the r^5 term, 5 roundings of at most r^5/120 = 0.0025: below 0.013 ulp of the result.
                    double cubeHi = rh * z;
                    double cubeLo = Math.fma(rh, z, -cubeHi) + rh * zl;
                    double termHi = cubeHi * SIXTH_HI;
                    double termLo = Math.fma(cubeHi, SIXTH_HI, -termHi) + (cubeHi * SIXTH_LO + cubeLo * SIXTH_HI);
                    double tail = cubeHi * z * sinTail(z);
                    // rh + termHi + tail + (termLo + rl cos r), each addition error-free.
                    double a = rh + termHi;
                    double aErr = twoSumError(rh, termHi, a);
                    double b = a + tail;
                    double bErr = twoSumError(a, tail, b);
                    yh = b;
                    yl = aErr + bErr + termLo + rl * (1 - 0.5 * z);
                } else {
                    // cos r = 1 - r^2/2 + r^4/24 + r^6 Q(r^2): up to r^4 in double-double, the rest (at most
                    // r^6/720 = 3.3e-4) in double: below 0.002 ulp of the result.
                    double halfHi = -0.5 * z;
                    double a = 1 + halfHi;
                    double aErr = twoSumError(1, halfHi, a);
                    double z2 = z * z;
                    double z2Lo = Math.fma(z, z, -z2) + 2 * z * zl;
                    double quartic = z2 * TWENTY_FOURTH_HI;
                    double quarticLo = Math.fma(z2, TWENTY_FOURTH_HI, -quartic)
                            + (z2 * TWENTY_FOURTH_LO + z2Lo * TWENTY_FOURTH_HI);
                    double b = a + quartic;
                    double bErr = twoSumError(a, quartic, b);
                    double tail = z2 * z * cosTail(z);
                    double c = b + tail;
                    double cErr = twoSumError(b, tail, c);
                    yh = c;
                    yl = aErr + bErr + cErr + quarticLo - 0.5 * zl - rl * rh;
                }
                double sum = yh + yl;
                yl = yl - (sum - yh);
                yh = sum;
                if (quadrant >= 2) {
                    yh = -yh;
                    yl = -yl;
                }
                if (isSafelyRounded(yh, yl)) {
                    return yh;
                }
            }
        }
        return Double.NaN;
    }

    /** 1/120 - z/5040 + ...: the terms of sin r from r^5 on, over r^5 (z = r^2), to below 2^-70. */
    private static double sinTail(double z) {
        return 1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800 + z * (1.0 / 6227020800.0
                + z * (-1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0 + z * (-1.0 / 121645100408832000.0)))))));
    }

    /** -1/720 + z/40320 - ...: the terms of cos r from r^6 on, over r^6 (z = r^2), to below 2^-70. */
    private static double cosTail(double z) {
        return -1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800 + z * (1.0 / 479001600.0
                + z * (-1.0 / 87178291200.0 + z * (1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0
                + z * (1.0 / 2432902008176640000.0)))))));
    }

    /** The rounding error of {@code sum = a + b} (Knuth's two-sum, any magnitudes). */
    private static double twoSumError(double a, double b, double sum) {
        double bVirtual = sum - a;
        double aVirtual = sum - bVirtual;
        return (a - aVirtual) + (b - bVirtual);
    }

    /**
     * True when {@code hi} is the double nearest every value within {@link #MIDPOINT_MARGIN} ulp of hi + lo
     * (lo being at most half an ulp of hi): then it is also the result of any function within 0.575 ulp.
     * Powers of two (the gap below is half the gap above) are left to the C library.
     */
    private static boolean isSafelyRounded(double hi, double lo) {
        return Math.abs(lo) < SAFE_FRACTION * Math.ulp(hi) && (Double.doubleToRawLongBits(hi) & 0xFFFFFFFFFFFFFL) != 0;
    }
}

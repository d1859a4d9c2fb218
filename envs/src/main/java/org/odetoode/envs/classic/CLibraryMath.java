package org.odetoode.envs.classic;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * sin, cos and pow computed by the C library of this machine, as NumPy computes them on float64 scalars.
 *
 * <p>Why not Java's own: NumPy's float64 {@code sin}, {@code cos} (numpy/_core/src/umath/loops_trigonometric,
 * which calls {@code npy_sin}/{@code npy_cos} since NumPy turned its SIMD float64 versions off) and the scalar
 * power {@code x**2} ({@code npy_pow}) all call the C library, and none of these is correctly rounded there.
 * Measured with glibc 2.36 on x86-64 (envs/src/test/python/libm_rounding.py, a million arguments in [-12, 12]
 * against a 200-bit evaluation): sin misrounds 0.13 % of arguments, cos 0.14 %, pow(x, 2) 0.09 % (where
 * {@code x * x} is exact to the last bit); glibc even picks a different variant on CPUs without FMA, which rounds
 * sin differently again. Java's {@code Math.sin} differs from glibc's on about 0.2 % of such arguments and a
 * correctly rounded sin would too, so no Java evaluation can reproduce the reference: the chaotic Acrobot turns
 * one such ulp into a different episode. Calling the same C functions reproduces the reference bit for bit on
 * the machine it runs on (AcrobotReferenceEpisodesTest).
 *
 * <p>When the C math library cannot be loaded, Java's {@link Math} answers instead ({@link #isCLibrary()} says
 * which); the results are then within about one ulp of the C library's.
 */
public final class CLibraryMath {
    private static final boolean C_LIBRARY = register();

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

    /** True when the C library computes these functions; false when Java's {@link Math} stands in. */
    public static boolean isCLibrary() {
        return C_LIBRARY;
    }

    /** The C library's {@code sin(x)}. */
    public static double sin(double x) {
        return C_LIBRARY ? Libm.sin(x) : Math.sin(x);
    }

    /** The C library's {@code cos(x)}. */
    public static double cos(double x) {
        return C_LIBRARY ? Libm.cos(x) : Math.cos(x);
    }

    /** The C library's {@code pow(x, y)}: NumPy's {@code x ** y} on a float64 scalar. */
    public static double pow(double x, double y) {
        return C_LIBRARY ? Libm.pow(x, y) : Math.pow(x, y);
    }
}

package org.odetoode.envs.classic;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.SymbolLookup;

/**
 * The C math library's sin, cos and pow through the JDK's foreign linker (incubating in JDK 17): about 15 ns a call
 * against JNA's 100. Loaded only when the JVM runs with {@code --add-modules jdk.incubator.foreign}; {@link #SIN} is
 * null when the linker refuses (native access needs {@code --enable-native-access=ALL-UNNAMED}), the library lacks
 * a function, or the JDK's incubating API is not JDK 17's, and {@link CLibraryMath} then calls through JNA.
 */
final class ForeignLibm {
    static final MethodHandle SIN;
    static final MethodHandle COS;
    static final MethodHandle POW;

    static {
        MethodHandle sin = null;
        MethodHandle cos = null;
        MethodHandle pow = null;
        try {
            SymbolLookup libc = CLinker.systemLookup();
            CLinker linker = CLinker.getInstance();
            MethodType unary = MethodType.methodType(double.class, double.class);
            FunctionDescriptor unaryC = FunctionDescriptor.of(CLinker.C_DOUBLE, CLinker.C_DOUBLE);
            sin = linker.downcallHandle(libc.lookup("sin").orElseThrow(), unary, unaryC);
            cos = linker.downcallHandle(libc.lookup("cos").orElseThrow(), unary, unaryC);
            pow = linker.downcallHandle(libc.lookup("pow").orElseThrow(),
                    MethodType.methodType(double.class, double.class, double.class),
                    FunctionDescriptor.of(CLinker.C_DOUBLE, CLinker.C_DOUBLE, CLinker.C_DOUBLE));
        } catch (RuntimeException | LinkageError e) { // refused native access, a missing symbol, another JDK's API
            sin = null;
            cos = null;
            pow = null;
        }
        SIN = sin;
        COS = cos;
        POW = pow;
    }

    private ForeignLibm() {
    }

    static double sin(double x) {
        try {
            return (double) SIN.invokeExact(x);
        } catch (Throwable e) {
            throw new IllegalStateException("the C library's sin failed", e);
        }
    }

    static double cos(double x) {
        try {
            return (double) COS.invokeExact(x);
        } catch (Throwable e) {
            throw new IllegalStateException("the C library's cos failed", e);
        }
    }

    static double pow(double x, double y) {
        try {
            return (double) POW.invokeExact(x, y);
        } catch (Throwable e) {
            throw new IllegalStateException("the C library's pow failed", e);
        }
    }
}

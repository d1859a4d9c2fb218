package org.odetoode.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CLibraryMathTest {
    private static final MathContext DIGITS_60 = new MathContext(60, RoundingMode.HALF_EVEN);
    // pi to 70 digits: the reference value for the BigDecimal evaluation.
    private static final BigDecimal PI =
            new BigDecimal("3.141592653589793238462643383279502884197169399375105820974944592307816");

    /** The C library's functions bound here on their own, as the independent side of the comparison. */
    private static final class C {
        static final boolean LOADED = register();

        static native double sin(double x);

        static native double cos(double x);

        static native double pow(double x, double y);

        private static boolean register() {
            try {
                Native.register(C.class, NativeLibrary.getInstance(Platform.MATH_LIBRARY_NAME));
                return true;
            } catch (UnsatisfiedLinkError e) {
                return false;
            }
        }
    }

    /** Arguments as Acrobot meets them (uniform in [-12, 12]), and spread over many binades up to 2^22. */
    private static double argument(SplittableRandom random, int i) {
        if (i % 4 != 3) {
            return random.nextDouble(-12, 12);
        }
        double magnitude = Math.scalb(1 + random.nextDouble(), random.nextInt(-30, 22));
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    @Test
    void sinCosAndSquaresAreTheCLibrarysOnThreeMillionArguments() {
        assumeTrue(C.LOADED, "no C math library (" + Platform.MATH_LIBRARY_NAME + ") to compare with");
        assertTrue(CLibraryMath.isCLibrary());
        assertTrue(CLibraryMath.usesForeignLinker(), "surefire runs with the foreign linker's flags, as the launcher");
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 1_000_000; i++) {
            double x = argument(random, i);
            assertEquals(C.sin(x), CLibraryMath.sin(x), 0.0, () -> "sin(" + x + ")");
            assertEquals(C.cos(x), CLibraryMath.cos(x), 0.0, () -> "cos(" + x + ")");
            double v = 3 * argument(random, i);
            assertEquals(C.pow(v, 2), CLibraryMath.pow(v, 2), 0.0, () -> "pow(" + v + ", 2)");
        }
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-20, 0x1p19, 0x1p19 + 1, 1e300,
            Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Math.PI / 2, Math.PI,
            -Math.PI, 3 * Math.PI / 2, Math.PI / 4, Math.nextUp(Math.PI / 4), 355.0, 1e-300, 1e200};
        for (double x : special) {
            assertEquals(C.sin(x), CLibraryMath.sin(x), 0.0, () -> "sin(" + x + ")");
            assertEquals(C.cos(x), CLibraryMath.cos(x), 0.0, () -> "cos(" + x + ")");
            assertEquals(C.pow(x, 2), CLibraryMath.pow(x, 2), 0.0, () -> "pow(" + x + ", 2)");
            assertEquals(C.pow(x, 0.5), CLibraryMath.pow(x, 0.5), 0.0, () -> "pow(" + x + ", 0.5)");
        }
    }

    @Test
    void theJavaEvaluationIsCorrectlyRoundedWhereItAnswers() {
        SplittableRandom random = new SplittableRandom(16);
        int answered = 0;
        int inAcrobotRange = 0; // of the uniform arguments in [-12, 12]
        int n = 6_000;
        for (int i = 0; i < n; i++) {
            double x = argument(random, i);
            for (int shift = 0; shift < 2; shift++) {
                double y = CLibraryMath.correctlyRounded(x, shift);
                inAcrobotRange += i % 4 != 3 ? 1 : 0;
                if (!Double.isNaN(y)) {
                    answered += i % 4 != 3 ? 1 : 0;
                    assertEquals(sinOrCos(x, shift).doubleValue(), y, 0.0, (shift == 0 ? "sin(" : "cos(") + x + ")");
                }
            }
        }
        // About 15 % lie within 0.075 ulp of a midpoint (or 0.013 ulp beyond) and are left to the C library.
        assertTrue(answered > 0.82 * inAcrobotRange && answered < 0.88 * inAcrobotRange,
                answered + " of " + inAcrobotRange + " uniform in [-12, 12] answered");
    }

    /** sin x (shift 0) or cos x (shift 1) to about 55 digits: reduced by a 70-digit pi, then Taylor's series. */
    private static BigDecimal sinOrCos(double x, int shift) {
        BigDecimal halfPi = PI.divide(BigDecimal.valueOf(2), DIGITS_60);
        BigDecimal arg = new BigDecimal(x).add(halfPi.multiply(BigDecimal.valueOf(shift)));
        BigDecimal k = arg.divide(halfPi, 0, RoundingMode.HALF_EVEN);
        BigDecimal r = arg.subtract(halfPi.multiply(k), DIGITS_60);
        int quadrant = k.remainder(BigDecimal.valueOf(4)).intValue() & 3;
        // sin r for quadrants 0 and 2, cos r for 1 and 3; negated for 2 and 3.
        int odd = (quadrant & 1) == 0 ? 1 : 0; // sin: r - r^3/3! + ...; cos: 1 - r^2/2! + ...
        BigDecimal term = odd == 1 ? r : BigDecimal.ONE;
        BigDecimal sum = term;
        BigDecimal minusR2 = r.multiply(r, DIGITS_60).negate();
        for (long j = 1; term.abs().compareTo(new BigDecimal("1e-58")) > 0; j++) {
            term = term.multiply(minusR2, DIGITS_60).divide(BigDecimal.valueOf((2 * j - 1 + odd) * (2 * j + odd)), DIGITS_60);
            sum = sum.add(term, DIGITS_60);
        }
        return quadrant >= 2 ? sum.negate() : sum;
    }
}

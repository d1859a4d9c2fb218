"""How far the C library's sin, cos and pow(x, 2), as NumPy calls them on float64 scalars, are from correct rounding.

For N uniform arguments in [-12, 12] (the range of Acrobot's angles, their sums and the RK4 stages' velocities)
it prints, per function, how many results differ from the correctly rounded value (computed with mpmath at 200
bits for sin and cos, exactly with fractions for the square) and the largest error in ulps. This is why
CLibraryMath calls the C library instead of computing a correctly rounded sin in Java. Run:

    python3 envs/src/test/python/libm_rounding.py [N] [SEED]
    GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA python3 envs/src/test/python/libm_rounding.py   # glibc's non-FMA variant
"""
import math
import sys
from fractions import Fraction

import mpmath
import numpy as np

mpmath.mp.prec = 200


def exact(value):
    sign, man, exp, _ = value._mpf_
    return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    xs = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 0).uniform(-12, 12, n)
    cases = (("sin", np.sin, lambda x: exact(mpmath.sin(mpmath.mpf(x)))),
             ("cos", np.cos, lambda x: exact(mpmath.cos(mpmath.mpf(x)))),
             ("pow(x, 2)", lambda x: x ** 2, lambda x: Fraction(x) ** 2))
    for name, c_function, true_value in cases:
        misrounded, worst = 0, 0.0
        for x in xs:
            result = float(c_function(np.float64(x)))  # NumPy float64 scalar, as in Gymnasium's acrobot.py
            truth = true_value(float(x))
            misrounded += result != float(truth)  # float(Fraction) rounds correctly
            worst = max(worst, abs(float((truth - Fraction(result)) / Fraction(math.ulp(result)))))
        print(f"{name:10s} {misrounded} of {n} misrounded ({100 * misrounded / n:.3f} %), largest error {worst:.4f} ulp")


if __name__ == "__main__":
    main()

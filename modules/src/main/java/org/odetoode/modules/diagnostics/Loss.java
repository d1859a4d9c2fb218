package org.odetoode.modules.diagnostics;

/** A scalar loss L(out) of a network's output, whose gradient seeds the reverse passes of the diagnostics. */
public interface Loss {

    /** L(out). */
    double value(double[] out);

    /** dL/dout, a new array. */
    double[] gradient(double[] out);

    /** L = ½‖out − y‖²: never linear in out, so GSC and the parameter analogue of D3 are well defined. */
    static Loss quadratic(double[] target) {
        double[] y = target.clone();
        return new Loss() {
            @Override
            public double value(double[] out) {
                double s = 0.0;
                for (int i = 0; i < y.length; i++) {
                    s += (out[i] - y[i]) * (out[i] - y[i]);
                }
                return 0.5 * s;
            }

            @Override
            public double[] gradient(double[] out) {
                double[] g = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    g[i] = out[i] - y[i];
                }
                return g;
            }
        };
    }

    /** L = c·out: its adjoint at the output is c whatever the output, as in {@code GradientCheck}. */
    static Loss linear(double[] c) {
        double[] w = c.clone();
        return new Loss() {
            @Override
            public double value(double[] out) {
                double s = 0.0;
                for (int i = 0; i < w.length; i++) {
                    s += w[i] * out[i];
                }
                return s;
            }

            @Override
            public double[] gradient(double[] out) {
                return w.clone();
            }
        };
    }
}

package org.odetoode.modules;

import java.util.Locale;
import org.odetoode.modules.internal.FastTanh;
import org.odetoode.modules.internal.Float32Kernels;
import org.odetoode.modules.internal.Kernels;

/**
 * The elementwise nonlinearity f of the main flow dx/dt = f(W x + b).
 *
 * <p>tanh is {@link FastTanh} (within 4 ulp, vectorised on the forward path, in double and in float).
 * {@link #derivative(double, double)} takes both the pre-activation z and the value f(z), so tanh and sigmoid reuse
 * the value computed in the forward pass.
 */
public enum Activation {
    TANH {
        @Override
        public double apply(double z) {
            return FastTanh.tanh(z);
        }

        @Override
        public void apply(double[] z, double[] out, int n) {
            Kernels.tanh(z, out, n);
        }

        @Override
        public void apply(float[] z, float[] out, int n) {
            Float32Kernels.tanh(z, out, n);
        }

        @Override
        public double derivative(double z, double fz) {
            return 1.0 - fz * fz;
        }
    },
    RELU {
        @Override
        public double apply(double z) {
            return z > 0.0 ? z : 0.0;
        }

        @Override
        public double derivative(double z, double fz) {
            return z > 0.0 ? 1.0 : 0.0;
        }
    },
    SIGMOID {
        @Override
        public double apply(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
        }

        @Override
        public double derivative(double z, double fz) {
            return fz * (1.0 - fz);
        }
    },
    IDENTITY {
        @Override
        public double apply(double z) {
            return z;
        }

        @Override
        public double derivative(double z, double fz) {
            return 1.0;
        }
    };

    /** f(z). */
    public abstract double apply(double z);

    /** out[i] = f(z[i]) for i < n; identical to {@link #apply(double)} element by element. */
    public void apply(double[] z, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = apply(z[i]);
        }
    }

    /**
     * The float32 forward's f: out[i] = f(z[i]) for i < n; tanh is {@link FastTanh#tanh(float)}, the others f in
     * double rounded to float (exact for relu and identity).
     */
    public void apply(float[] z, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (float) apply((double) z[i]);
        }
    }

    /** f'(z), given z and f(z). */
    public abstract double derivative(double z, double fz);

    /** The name used in configs: lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name, e.g. {@code tanh}. */
    public static Activation parse(String name) {
        return Names.parse("activation", name, values());
    }
}

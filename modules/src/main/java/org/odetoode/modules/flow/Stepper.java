package org.odetoode.modules.flow;

import java.util.Locale;
import org.odetoode.modules.Names;
import org.odetoode.modules.linalg.Expm;
import org.odetoode.modules.linalg.Matrices;

/**
 * How one step W_{k+1} = W_k E(A_k) of the parameter flow dW/dt = W b(t, W) is taken, with A_k = h b(t_k, W_k).
 *
 * <p>{@link #EXPM} (Lie-Euler) and {@link #CAYLEY} map a skew A to an orthogonal E, so W stays on O(d) to rounding;
 * {@link #EULER} (E = I + A) is the plain Euler step and drifts off O(d) even for skew A — the ablation.
 */
public enum Stepper {
    /** E = expm(A). */
    EXPM,
    /** E = (I − A/2)⁻¹ (I + A/2). */
    CAYLEY,
    /** E = I + A. */
    EULER;

    /** The name used in configs. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name, e.g. {@code cayley}. */
    public static Stepper parse(String name) {
        return Names.parse("stepper", name, values());
    }

    /** Writes E(A) into {@code e}. */
    void stepMatrix(Scratch s, double[] a, double[] e) {
        int d = s.d;
        switch (this) {
            case EXPM -> s.expm.exp(a, e);
            case CAYLEY -> {
                for (int i = 0; i < d * d; i++) {
                    s.m1[i] = -0.5 * a[i];
                    e[i] = 0.5 * a[i];
                }
                for (int i = 0; i < d; i++) {
                    s.m1[i * d + i] += 1.0;
                    e[i * d + i] += 1.0;
                }
                Matrices.solveInPlace(d, s.m1, e, s.pivot, s.lower);
            }
            case EULER -> {
                System.arraycopy(a, 0, e, 0, d * d);
                for (int i = 0; i < d; i++) {
                    e[i * d + i] += 1.0;
                }
            }
        }
    }

    /** Given gE = dL/dE at E = E(A), writes dL/dA into {@code ga}. */
    void stepMatrixAdjoint(Scratch s, double[] a, double[] e, double[] ge, double[] ga) {
        int d = s.d;
        switch (this) {
            case EXPM -> s.expm.frechetAdjoint(a, ge, ga);
            case CAYLEY -> {
                // dE = M⁻¹ (dA/2) (I + E) with M = I − A/2, so dL/dA = ½ M⁻ᵀ gE (I + E)ᵀ.
                System.arraycopy(e, 0, s.m2, 0, d * d);
                for (int i = 0; i < d; i++) {
                    s.m2[i * d + i] += 1.0;
                }
                Matrices.mulTransB(d, ge, s.m2, ga);
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        s.m1[i * d + j] = (i == j ? 1.0 : 0.0) - 0.5 * a[j * d + i]; // Mᵀ = I − Aᵀ/2
                    }
                }
                Matrices.solveInPlace(d, s.m1, ga, s.pivot, s.lower);
                for (int i = 0; i < d * d; i++) {
                    ga[i] *= 0.5;
                }
            }
            case EULER -> System.arraycopy(ge, 0, ga, 0, d * d);
        }
    }

    /** Per-flow scratch for the steppers; not thread-safe. */
    static final class Scratch {
        final int d;
        final Expm expm;
        final double[] m1;
        final double[] m2;
        final int[] pivot;
        final double[] lower;

        Scratch(int d) {
            this.d = d;
            this.expm = new Expm(d);
            this.m1 = new double[d * d];
            this.m2 = new double[d * d];
            this.pivot = new int[d];
            this.lower = new double[d * d];
        }
    }
}

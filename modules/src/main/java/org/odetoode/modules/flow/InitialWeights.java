package org.odetoode.modules.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.linalg.Expm;
import org.odetoode.modules.linalg.Matrices;

/**
 * W_0 of a parameter flow. H is a Haar-random orthogonal matrix drawn from the network's seed.
 * <ul>
 *   <li>{@code haar}: W_0 = H, no parameters.</li>
 *   <li>{@code learned}, restricted: W_0 = H expm(S − Sᵀ) with S strictly upper (d(d−1)/2 parameters, start 0),
 *       so W_0 stays orthogonal.</li>
 *   <li>{@code learned}, unrestricted: W_0 is a free d-by-d matrix starting at H.</li>
 * </ul>
 */
public final class InitialWeights {
    /** How W_0 is chosen. */
    public enum Mode {
        HAAR, LEARNED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.key().equalsIgnoreCase(s.trim())) {
                    return m;
                }
            }
            throw new InvalidHyperparameterException("w0", s, "one of " + Arrays.stream(values()).map(Mode::key).toList());
        }
    }

    private final int d;
    private final Mode mode;
    private final boolean orthogonal;
    private final double[] haar;
    private final double[] skew;
    private final double[] e;
    private final double[] ge;
    private final double[] gk;
    private Expm expm;

    /**
     * @param haar the Haar-random H (copied)
     * @param orthogonal for {@code learned}: keep W_0 on O(d)
     */
    public InitialWeights(int d, Mode mode, boolean orthogonal, double[] haar) {
        this.d = d;
        this.mode = mode;
        this.orthogonal = orthogonal;
        this.haar = haar.clone();
        this.skew = new double[d * d];
        this.e = new double[d * d];
        this.ge = new double[d * d];
        this.gk = new double[d * d];
    }

    public int parameterCount() {
        if (mode == Mode.HAAR) {
            return 0;
        }
        return orthogonal ? d * (d - 1) / 2 : d * d;
    }

    public List<ParameterBlock> blocks(String prefix, int base) {
        return parameterCount() == 0 ? List.of() : List.of(new ParameterBlock(prefix + "W0", base, parameterCount()));
    }

    public void initialize(double[] p, int off) {
        if (mode == Mode.LEARNED) {
            if (orthogonal) {
                Arrays.fill(p, off, off + parameterCount(), 0.0);
            } else {
                System.arraycopy(haar, 0, p, off, d * d);
            }
        }
    }

    /** How W_0 is chosen. */
    public Mode mode() {
        return mode;
    }

    /** A copy of the Haar-random H. */
    public double[] haar() {
        return haar.clone();
    }

    /** True when W_0 is orthogonal for every parameter value. */
    public boolean isOrthogonal() {
        return mode == Mode.HAAR || orthogonal;
    }

    /** Writes W_0 into {@code w0}. */
    public void compute(double[] p, int off, double[] w0) {
        if (mode == Mode.HAAR) {
            System.arraycopy(haar, 0, w0, 0, d * d);
        } else if (!orthogonal) {
            System.arraycopy(p, off, w0, 0, d * d);
        } else {
            fillSkew(p, off);
            expm().exp(skew, e);
            Matrices.mul(d, haar, e, w0);
        }
    }

    /** Given dL/dW_0, accumulates dL/dp. */
    public void adjoint(double[] p, int off, double[] gw0, double[] gp) {
        if (mode == Mode.HAAR) {
            return;
        }
        if (!orthogonal) {
            for (int i = 0; i < d * d; i++) {
                gp[off + i] += gw0[i];
            }
            return;
        }
        fillSkew(p, off);
        Matrices.mulTransA(d, haar, gw0, ge);
        expm().frechetAdjoint(skew, ge, gk);
        int k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                gp[k++] += gk[i * d + j] - gk[j * d + i];
            }
        }
    }

    private void fillSkew(double[] p, int off) {
        Arrays.fill(skew, 0.0);
        int k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                skew[i * d + j] = p[k];
                skew[j * d + i] = -p[k];
                k++;
            }
        }
    }

    private Expm expm() {
        if (expm == null) {
            expm = new Expm(d);
        }
        return expm;
    }
}

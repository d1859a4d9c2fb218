package org.odetoode.modules.flow;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/**
 * b_ψ ≡ constant. Restricted: ψ holds the d(d−1)/2 strictly-upper entries of U and b = U − Uᵀ, so
 * W_t = W_0 expm(t b) exactly; unrestricted: ψ is a full d-by-d matrix A and b = A.
 */
public final class ConstantGenerator extends AbstractGenerator {
    private final double initScale;

    public ConstantGenerator(int d, boolean skew) {
        super(d, skew);
        this.initScale = 1.0 / Math.sqrt(d);
    }

    @Override
    public int parameterCount() {
        return skew ? d * (d - 1) / 2 : d * d;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        return List.of(new ParameterBlock(prefix + (skew ? "upper" : "A"), base, parameterCount()));
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        for (int i = 0; i < parameterCount(); i++) {
            p[off + i] = initScale * rng.nextGaussian();
        }
    }

    @Override
    public boolean isConstant() {
        return true;
    }

    @Override
    void raw(double[] p, int off, double t, double[] w, double[] g) {
        if (!skew) {
            System.arraycopy(p, off, g, 0, d * d);
            return;
        }
        java.util.Arrays.fill(g, 0, d * d, 0.0);
        int k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                g[i * d + j] = p[k++];
            }
        }
    }

    @Override
    void rawAdjoint(double[] p, int off, double t, double[] w, double[] gg, double[] gp, double[] gw) {
        if (!skew) {
            for (int i = 0; i < d * d; i++) {
                gp[off + i] += gg[i];
            }
            return;
        }
        int k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                gp[k++] += gg[i * d + j];
            }
        }
    }
}

package org.odetoode.modules.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.linalg.Matrices;

/**
 * The isospectral (double-bracket, Brockett) generator of ISO-ODEtoODE: G = WᵀQW·N with Q, N symmetric, so the
 * restricted b = G − Gᵀ = [WᵀQW, N]. ψ holds the upper triangles (diagonal included) of Q and then N,
 * d(d+1)/2 entries each.
 */
public final class IsoGenerator extends AbstractGenerator {
    private final int tri;
    private final double[] q;
    private final double[] n;
    private final double[] c;
    private final double[] tmp;
    private final double[] gq;
    private final double[] gc;
    private final double[] gn;
    /** ψ as last unpacked into q and n: every step of a flow reads the same ψ, so it is unpacked once. */
    private final double[] unpacked;
    private boolean hasUnpacked;

    public IsoGenerator(int d, boolean skew) {
        super(d, skew);
        this.tri = d * (d + 1) / 2;
        int dd = d * d;
        q = new double[dd];
        n = new double[dd];
        c = new double[dd];
        tmp = new double[dd];
        gq = new double[dd];
        gc = new double[dd];
        gn = new double[dd];
        unpacked = new double[2 * tri];
    }

    @Override
    public int parameterCount() {
        return 2 * tri;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        return List.of(new ParameterBlock(prefix + "Q", base, tri), new ParameterBlock(prefix + "N", base + tri, tri));
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        // Entries of order 1/d keep ‖WᵀQW N‖ of order one/√d; the unrestricted flow is cubic in W and blows up
        // in finite time when started larger.
        double scale = 1.0 / d;
        for (int i = 0; i < parameterCount(); i++) {
            p[off + i] = scale * rng.nextGaussian();
        }
    }

    @Override
    public boolean isConstant() {
        return false;
    }

    /** Fills q and n from ψ unless they already hold this ψ. */
    private void unpack(double[] p, int off) {
        if (hasUnpacked && Arrays.equals(p, off, off + 2 * tri, unpacked, 0, 2 * tri)) {
            return;
        }
        System.arraycopy(p, off, unpacked, 0, 2 * tri);
        unpackSymmetric(p, off, q);
        unpackSymmetric(p, off + tri, n);
        hasUnpacked = true;
    }

    private void unpackSymmetric(double[] p, int off, double[] s) {
        int k = off;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = p[k++];
                s[i * d + j] = v;
                s[j * d + i] = v;
            }
        }
    }

    /** Accumulates the gradient of a symmetric matrix built by unpackSymmetric: g(i,j) + g(j,i) off the diagonal. */
    private void packSymmetricGradient(double[] g, double[] gp, int off) {
        int k = off;
        for (int i = 0; i < d; i++) {
            gp[k++] += g[i * d + i];
            for (int j = i + 1; j < d; j++) {
                gp[k++] += g[i * d + j] + g[j * d + i];
            }
        }
    }

    @Override
    void raw(double[] p, int off, double t, double[] w, double[] g) {
        unpack(p, off);
        Matrices.mul(d, q, w, tmp);
        Matrices.mulTransA(d, w, tmp, c);
        Matrices.mul(d, c, n, g);
    }

    @Override
    void rawAdjoint(double[] p, int off, double t, double[] w, double[] gg, double[] gp, double[] gw) {
        unpack(p, off);
        Matrices.mul(d, q, w, tmp);
        Matrices.mulTransA(d, w, tmp, c);
        // G = C N: dC = gG Nᵀ, dN = Cᵀ gG
        Matrices.mulTransB(d, gg, n, gc);
        Matrices.mulTransA(d, c, gg, gn);
        packSymmetricGradient(gn, gp, off + tri);
        // C = Wᵀ Q W: dQ = W gC Wᵀ, dW = Q W gCᵀ + Qᵀ W gC = Q W (gC + gCᵀ) for symmetric Q
        Matrices.mulTransB(d, gc, w, tmp);
        Matrices.mul(d, w, tmp, gq);
        packSymmetricGradient(gq, gp, off);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gn[i * d + j] = gc[i * d + j] + gc[j * d + i]; // gn reused as gC + gCᵀ
            }
        }
        Matrices.mul(d, q, w, tmp);
        Matrices.mul(d, tmp, gn, gq); // gq reused as Q W (gC + gCᵀ)
        Matrices.addScaled(d, gw, 1.0, gq);
    }
}

package org.odetoode.modules.flow;

/**
 * Applies the skew projection b = G − Gᵀ (restricted) or the identity b = G (unrestricted) around a raw G.
 */
abstract class AbstractGenerator implements Generator {
    protected final int d;
    protected final boolean skew;
    private final double[] raw;
    private final double[] gRaw;

    AbstractGenerator(int d, boolean skew) {
        this.d = d;
        this.skew = skew;
        this.raw = new double[d * d];
        this.gRaw = new double[d * d];
    }

    @Override
    public boolean isSkew() {
        return skew;
    }

    /** Writes G(t, W) into {@code g}. */
    abstract void raw(double[] p, int off, double t, double[] w, double[] g);

    /** Given dL/dG, accumulates dL/dψ and dL/dW. */
    abstract void rawAdjoint(double[] p, int off, double t, double[] w, double[] gg, double[] gp, double[] gw);

    @Override
    public final void generate(double[] p, int off, double t, double[] w, double[] b) {
        if (!skew) {
            raw(p, off, t, w, b);
            return;
        }
        raw(p, off, t, w, raw);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                b[i * d + j] = raw[i * d + j] - raw[j * d + i];
            }
        }
    }

    @Override
    public final void generateAdjoint(double[] p, int off, double t, double[] w, double[] gb, double[] gp,
            double[] gw) {
        if (!skew) {
            rawAdjoint(p, off, t, w, gb, gp, gw);
            return;
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gRaw[i * d + j] = gb[i * d + j] - gb[j * d + i];
            }
        }
        rawAdjoint(p, off, t, w, gRaw, gp, gw);
    }
}

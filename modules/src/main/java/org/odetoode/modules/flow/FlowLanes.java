package org.odetoode.modules.flow;

import org.odetoode.modules.internal.Kernels;
import org.odetoode.modules.internal.LaneMatrices;
import org.odetoode.modules.linalg.Expm;

/**
 * The weight flows of a group of candidates computed together, candidate k in lane k of the preferred double vector
 * ({@link LaneMatrices}): the flows are 16-by-16 products, Padé exponentials and LU solves, too small for one
 * candidate's to keep the SIMD units busy, while one vector operation on every candidate's copy of an entry does.
 * Each lane performs exactly the double operations of its candidate's own {@link GroupFlow#weights} (the products'
 * fused multiply-add chains, the per-lane choices of Padé degree, scaling, pivots and divergence), so its W_t are bit
 * for bit the scalar flow's.
 *
 * <p>Covers the iso generator with the expm stepper (the default odetoode policy), when the Vector API is present;
 * everything else, and every flow without the Vector API, runs candidate by candidate. Not thread-safe.
 */
public final class FlowLanes {
    private final int d;
    private final int lanes;
    private final boolean skew;
    private final InitialWeights w0;
    private final Expm expm;
    private final double[] q;
    private final double[] n;
    private final double[] w;
    private final double[] wNext;
    private final double[] tmp;
    private final double[] c;
    private final double[] g;
    private final double[] a;
    private final double[] e;
    private final double[] one;

    /** Whether {@code flow} has a lane form here: a {@link GroupFlow} of the iso generator with expm steps. */
    public static boolean supports(ParameterFlow flow) {
        return Kernels.VECTOR && flow instanceof GroupFlow group && group.generator() instanceof IsoGenerator
                && group.stepper() == Stepper.EXPM;
    }

    /** @throws IllegalArgumentException when {@code flow} is not {@link #supports supported} */
    public FlowLanes(ParameterFlow flow) {
        if (!supports(flow)) {
            throw new IllegalArgumentException("no lane form for this weight flow: it needs the iso generator, the"
                    + " expm stepper and the Vector API");
        }
        GroupFlow group = (GroupFlow) flow;
        d = group.dimension();
        lanes = LaneMatrices.LANES;
        skew = group.generator().isSkew();
        w0 = group.initialWeights();
        expm = Expm.lanes(d);
        int size = d * d * lanes;
        q = new double[size];
        n = new double[size];
        w = new double[size];
        wNext = new double[size];
        tmp = new double[size];
        c = new double[size];
        g = new double[size];
        a = new double[size];
        e = new double[size];
        one = new double[d * d];
    }

    /** Candidates per group. */
    public int lanes() {
        return lanes;
    }

    /**
     * The weight grids of {@code count} ≤ {@link #lanes()} candidates: for each k < count whose flow does not diverge,
     * {@code grids[k][0..m]} as the flow's own {@code weights(parameters[k], off, dt, m, grids[k])} writes them.
     *
     * @return the candidates (bit k for candidate k) whose scalar flow throws {@link ArithmeticException}; their grids
     *     are partly written
     */
    public long weights(double[][] parameters, int count, int off, double dt, int m, double[][][] grids) {
        if (count > lanes) {
            throw new IllegalArgumentException(count + " candidates for " + lanes + " lanes");
        }
        long live = count == 64 ? -1L : (1L << count) - 1;
        int dd = d * d;
        int generatorOff = off + w0.parameterCount();
        int tri = d * (d + 1) / 2;
        for (int k = 0; k < count; k++) {
            w0.compute(parameters[k], off, grids[k][0]);
            toLane(grids[k][0], w, k);
            IsoGenerator.unpackSymmetric(d, parameters[k], generatorOff, one);
            toLane(one, q, k);
            IsoGenerator.unpackSymmetric(d, parameters[k], generatorOff + tri, one);
            toLane(one, n, k);
        }
        long diverged = 0;
        double[] current = w;
        double[] next = wNext;
        for (int j = 0; j < m && live != 0; j++) {
            // b = [WᵀQW, N] as IsoGenerator, restricted to its skew part, then A = dt·b.
            LaneMatrices.mul(d, q, current, tmp);
            LaneMatrices.mulTransA(d, current, tmp, c);
            LaneMatrices.mul(d, c, n, g);
            // A = dt·b with b = G − Gᵀ (restricted) or G: the roundings of AbstractGenerator's b, then GroupFlow's.
            if (skew) {
                LaneMatrices.skewPart(d, g, dt, a);
            } else {
                LaneMatrices.scale(g, dd, dt, a);
            }
            diverged |= LaneMatrices.nonFinite(a, dd) & live;
            live &= ~diverged;
            diverged |= expm.exp(a, e, live);
            live &= ~diverged;
            LaneMatrices.mul(d, current, e, next);
            diverged |= LaneMatrices.nonFinite(next, dd) & live;
            live &= ~diverged;
            for (int k = 0; k < count; k++) {
                if ((live >>> k & 1) != 0) {
                    fromLane(next, k, grids[k][j + 1]);
                }
            }
            double[] t = current;
            current = next;
            next = t;
        }
        return diverged;
    }

    private void toLane(double[] matrix, double[] laneMatrix, int lane) {
        for (int i = 0; i < matrix.length; i++) {
            laneMatrix[i * lanes + lane] = matrix[i];
        }
    }

    private void fromLane(double[] laneMatrix, int lane, double[] matrix) {
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = laneMatrix[i * lanes + lane];
        }
    }
}

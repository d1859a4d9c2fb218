package org.odetoode.modules.flow;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/**
 * Independent weights per layer, for the discrete ResNet baseline: W_j is its own parameter block for
 * j = 0..layers−1, and grid points past the last layer repeat it (an explicit Euler unroll reads W_0..W_{N−1}).
 * Layers start at independent Haar matrices.
 */
public final class LayerWeights implements ParameterFlow {
    private final int d;
    private final int layers;
    private final long seed;

    public LayerWeights(int d, int layers, long seed) {
        this.d = d;
        this.layers = layers;
        this.seed = seed;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Number of independent layers. */
    public int layers() {
        return layers;
    }

    @Override
    public int parameterCount() {
        return layers * d * d;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        return List.of(new ParameterBlock(prefix + "W[layers]", base, parameterCount()));
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        Random haarRng = new Random(seed);
        for (int j = 0; j < layers; j++) {
            System.arraycopy(org.odetoode.modules.linalg.Matrices.haarOrthogonal(d, haarRng), 0, p, off + j * d * d,
                    d * d);
        }
    }

    @Override
    public boolean staysOrthogonal() {
        return false;
    }

    @Override
    public void weights(double[] p, int off, double dt, int m, double[][] grid) {
        extendWeights(p, off, dt, -1, m, grid);
    }

    @Override
    public void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid) {
        for (int j = from + 1; j <= m; j++) {
            int layer = Math.min(j, layers - 1);
            System.arraycopy(p, off + layer * d * d, grid[j], 0, d * d);
        }
    }

    @Override
    public void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp) {
        // The transpose of weights(): grid point j is a copy of layer min(j, layers − 1).
        for (int j = 0; j <= m; j++) {
            int o = off + Math.min(j, layers - 1) * d * d;
            for (int k = 0; k < d * d; k++) {
                gp[o + k] += gw[j][k];
            }
        }
    }
}

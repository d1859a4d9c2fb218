package org.odetoode.modules.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;

/**
 * A fully connected network on flat arrays: layers of sizes {@code sizes[0] -> ... -> sizes[L]}, the hidden
 * activation after every layer but the last, which is linear. Parameters per layer: weights (out-by-in, row-major)
 * then biases. Used as a policy body and inside the gated and hypernet parameter flows.
 *
 * <p>{@link #backward} uses the activations of the latest {@link #forward} call. Not thread-safe.
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation activation;
    private final double[][] pre;
    private final double[][] act;
    private final double[][] grad;
    private final int[] layerOffsets;
    private final int parameterCount;

    public Mlp(int[] sizes, Activation activation) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        this.sizes = sizes.clone();
        this.activation = activation;
        int layers = sizes.length - 1;
        pre = new double[layers][];
        act = new double[layers + 1][];
        grad = new double[layers + 1][];
        act[0] = new double[sizes[0]];
        grad[0] = new double[sizes[0]];
        layerOffsets = new int[layers];
        int count = 0;
        for (int l = 0; l < layers; l++) {
            layerOffsets[l] = count;
            pre[l] = new double[sizes[l + 1]];
            act[l + 1] = new double[sizes[l + 1]];
            grad[l + 1] = new double[sizes[l + 1]];
            count += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        this.parameterCount = count;
    }

    /** Number of weights and biases. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Input size. */
    public int inputSize() {
        return sizes[0];
    }

    /** Output size. */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Blocks {@code prefix + "layer" + l + ".W"} and {@code ".b"}. */
    public List<ParameterBlock> blocks(String prefix, int base) {
        List<ParameterBlock> out = new ArrayList<>();
        int o = base;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int w = sizes[l] * sizes[l + 1];
            out.add(new ParameterBlock(prefix + "layer" + l + ".W", o, w));
            out.add(new ParameterBlock(prefix + "layer" + l + ".b", o + w, sizes[l + 1]));
            o += w + sizes[l + 1];
        }
        return out;
    }

    /**
     * Weights ~ N(0, gain²/fan_in) (LeCun-style; the last layer scaled by {@code outputGain}), biases 0.
     */
    public void initialize(Random rng, double[] p, int off, double outputGain) {
        int o = off;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double scale = (l + 2 == sizes.length ? outputGain : 1.0) / Math.sqrt(in);
            for (int i = 0; i < in * out; i++) {
                p[o++] = scale * rng.nextGaussian();
            }
            for (int i = 0; i < out; i++) {
                p[o++] = 0.0;
            }
        }
    }

    /** out = MLP(x); remembers the activations for {@link #backward}. */
    public void forward(double[] p, int off, double[] x, double[] out) {
        System.arraycopy(x, 0, act[0], 0, sizes[0]);
        int o = off;
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int n = sizes[l + 1];
            double[] a = act[l];
            double[] z = pre[l];
            int bOff = o + in * n;
            for (int i = 0; i < n; i++) {
                double s = p[bOff + i];
                int row = o + i * in;
                for (int j = 0; j < in; j++) {
                    s += p[row + j] * a[j];
                }
                z[i] = s;
            }
            double[] next = act[l + 1];
            if (l + 1 < layers) {
                for (int i = 0; i < n; i++) {
                    next[i] = activation.apply(z[i]);
                }
            } else {
                System.arraycopy(z, 0, next, 0, n);
            }
            o = bOff + n;
        }
        System.arraycopy(act[layers], 0, out, 0, outputSize());
    }

    /**
     * Reverse mode through the latest forward: given dL/dout, accumulates dL/dθ into {@code gp[off..]} and writes
     * dL/dx into {@code gx} (skipped when null).
     */
    public void backward(double[] p, int off, double[] gOut, double[] gp, double[] gx) {
        int layers = sizes.length - 1;
        System.arraycopy(gOut, 0, grad[layers], 0, outputSize());
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int n = sizes[l + 1];
            double[] g = grad[l + 1];
            if (l + 1 < layers) {
                for (int i = 0; i < n; i++) {
                    g[i] *= activation.derivative(pre[l][i], act[l + 1][i]);
                }
            }
            int wOff = off + layerOffsets[l];
            int bOff = wOff + in * n;
            double[] a = act[l];
            double[] gPrev = grad[l];
            java.util.Arrays.fill(gPrev, 0.0);
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                gp[bOff + i] += gi;
                int row = wOff + i * in;
                for (int j = 0; j < in; j++) {
                    gp[row + j] += gi * a[j];
                    gPrev[j] += gi * p[row + j];
                }
            }
        }
        if (gx != null) {
            System.arraycopy(grad[0], 0, gx, 0, sizes[0]);
        }
    }

    /** The activation vectors of the latest forward (index 0 is the input); views, not copies. */
    double[][] activations() {
        return act;
    }

    /** The adjoints of the latest backward (index 0 is dL/dinput); views, not copies. */
    double[][] adjoints() {
        return grad;
    }
}

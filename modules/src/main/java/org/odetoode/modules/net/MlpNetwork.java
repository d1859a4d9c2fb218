package org.odetoode.modules.net;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.internal.Float32Kernels;

/**
 * The MLP and linear baselines as a {@link Network}: obs → (hidden, activation) × layers → out, linear output.
 * With no hidden layers it is the linear policy out = W·obs + b.
 */
public final class MlpNetwork implements Network {
    private final int[] sizes;
    private final Activation activation;
    private final long seed;
    private final Mlp mlp;
    private final double[] params;
    private final double[] scratchOut;
    private Precision precision = Precision.FLOAT64;
    /** The parameters rounded to float, and the layer activations, of the float32 forward; null in FLOAT64. */
    private float[] params32;
    private float[][] act32;

    public MlpNetwork(int[] sizes, Activation activation, long seed) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.seed = seed;
        this.mlp = new Mlp(sizes, activation);
        this.params = new double[mlp.parameterCount()];
        this.scratchOut = new double[sizes[sizes.length - 1]];
    }

    /** Weights ~ N(0, 1/fan_in), biases 0; a linear network starts at zero, as ARS does. */
    public double[] initialParameters() {
        double[] p = new double[params.length];
        if (sizes.length > 2) {
            mlp.initialize(new Random(seed), p, 0, 1.0);
        }
        return p;
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    @Override
    public int parameterCount() {
        return params.length;
    }

    /** Layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The hidden activation. */
    public Activation activation() {
        return activation;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return mlp.blocks("", 0);
    }

    @Override
    public double[] parameters() {
        return params.clone();
    }

    @Override
    public void setParameters(double[] p) {
        checkParameters(p);
        System.arraycopy(p, 0, params, 0, params.length);
        if (params32 != null) {
            Float32Kernels.round(params, params32);
        }
    }

    @Override
    public void forward(double[] in, double[] out) {
        if (params32 == null || !forward32(in, out)) {
            mlp.forward(params, 0, in, out);
        }
    }

    /** Writes the output and returns true, or returns false when it is not finite (see {@link Network#forward}). */
    private boolean forward32(double[] in, double[] out) {
        float[] a = act32[0];
        Float32Kernels.round(in, a);
        int o = 0;
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int n = sizes[l + 1];
            float[] z = act32[l + 1];
            Float32Kernels.rowDots(params32, o, n, sizes[l], a, params32, o + sizes[l] * n, z);
            if (l + 1 < layers) {
                activation.apply(z, z, n);
            }
            o += sizes[l] * n + n;
            a = z;
        }
        return Float32Kernels.widen(a, out);
    }

    @Override
    public Precision forwardPrecision() {
        return precision;
    }

    @Override
    public void setForwardPrecision(Precision p) {
        precision = p;
        if (p == Precision.FLOAT64) {
            params32 = null;
            act32 = null;
            return;
        }
        params32 = new float[params.length];
        Float32Kernels.round(params, params32);
        act32 = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            act32[l] = new float[sizes[l]];
        }
    }

    @Override
    public Gradients gradient(double[] in, double[] dLdOut) {
        double[] out = new double[outputSize()];
        mlp.forward(params, 0, in, out);
        double[] gp = new double[params.length];
        double[] gin = new double[inputSize()];
        mlp.backward(params, 0, dLdOut, gp, gin);
        return new Gradients(gp, gin, copyOf(mlp.activations()), copyOf(mlp.adjoints()));
    }

    /** Forward and backward per row straight into {@code gp}, without allocating; nothing is shared. */
    @Override
    public void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared) {
        accumulateRows(in, dLdOut, from, to, gp, shared, null);
    }

    /** As the six-argument form, and dL/din per row unless {@code dLdIn} is null. */
    @Override
    public void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared,
            double[][] dLdIn) {
        for (int r = from; r < to; r++) {
            mlp.forward(params, 0, in[r], scratchOut);
            mlp.backward(params, 0, dLdOut[r], gp, dLdIn == null ? null : dLdIn[r]);
        }
    }

    private static double[][] copyOf(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public MlpNetwork copy() {
        MlpNetwork c = new MlpNetwork(sizes, activation, seed);
        c.setParameters(params);
        c.setForwardPrecision(precision);
        return c;
    }
}

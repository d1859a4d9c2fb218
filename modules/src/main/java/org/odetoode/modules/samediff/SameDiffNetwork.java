package org.odetoode.modules.samediff;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.MlpNetwork;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.solve.Tableau;

/**
 * A plain-Java {@link Network} rebuilt as a SameDiff graph in double precision: the same function of the same flat
 * parameter vector, differentiated by SameDiff's own reverse mode. It serves as an independent check of the
 * hand-written gradients and as the starting point for batched (and GPU) evaluation; it is far too slow for the
 * per-step forward path.
 *
 * <p>Supported: every {@link OdeNetwork} of {@link org.odetoode.modules.policy.Policies} ({@code odetoode} and
 * {@code odetoode-unrestricted} with every flow, stepper, solver, activation, bias mode and W_0; {@code hypernet},
 * {@code baseode}, {@code resnet}, {@code nanode} with every basis) and every {@link MlpNetwork} ({@code mlp}, {@code linear}). Expm and Cayley steps
 * are built from mmul and add (see {@link MatrixFunctions}); a Cayley step needs ‖h·b‖₁ ≤ 1 for its Newton–Schulz
 * inverse and is refused beyond. The polar correction that the plain constant flow applies against the accumulation
 * of rounding over thousands of steps is rounding-sized and has no counterpart.
 *
 * <p>Observations are rows: a batch is a B-by-n matrix, and for a batch the loss is Σ c ⊙ out over all rows.
 * Not thread-safe.
 */
public final class SameDiffNetwork {
    private static final String OBS = "obs";
    private static final String DIRECTION = "c";
    private static final String OUT = "out";
    private static final String LOSS = "loss";

    private final Network plain;
    private Graph graph;
    private double[] capacities;
    private int builds;

    private SameDiffNetwork(Network plain) {
        this.plain = plain;
        build();
    }

    /**
     * Builds the SameDiff twin of {@code net} at its current parameters. It works on its own copy of the network
     * (which supplies the concrete matrix norms, see {@link #setParameters}), so later changes to {@code net} do not
     * reach it.
     *
     * @throws UnsupportedOperationException naming the network, flow or generator without a counterpart
     */
    public static SameDiffNetwork of(Network net) {
        if (net instanceof OdeNetwork ode) {
            WeightGraph.checkSupported(ode.flow());
        } else if (!(net instanceof MlpNetwork)) {
            throw new UnsupportedOperationException("SameDiff has no counterpart of " + net.getClass().getSimpleName()
                    + "; supported: OdeNetwork (odetoode, odetoode-unrestricted, hypernet, baseode, resnet, nanode) and "
                    + "MlpNetwork (mlp, linear)");
        }
        return new SameDiffNetwork(net.copy());
    }

    /** The concrete matrix-function norms at the current parameters, see {@link Graph}. */
    private double[] norms() {
        return plain instanceof OdeNetwork ode ? WeightGraph.norms(ode) : new double[0];
    }

    private void build() {
        Graph g = new Graph(plain.parameters(), norms());
        SDVariable obs = g.sd.placeHolder(OBS, DataType.DOUBLE, -1, plain.inputSize());
        SDVariable c = g.sd.placeHolder(DIRECTION, DataType.DOUBLE, -1, plain.outputSize());
        SDVariable out = plain instanceof OdeNetwork ode ? ode(g, ode, obs)
                : g.mlp(0, ((MlpNetwork) plain).sizes(), ((MlpNetwork) plain).activation(), obs);
        g.sd.identity(OUT, out);
        g.sd.sum(LOSS, c.mul(out));
        g.sd.setLossVariables(LOSS);
        createGradFunctionQuietly(g.sd);
        capacities = g.capacities();
        graph = g;
        builds++;
    }

    /**
     * SameDiff 1.0.0-M2.1 prints a line per differentiated op to System.out while it builds the gradient graph, which
     * would swamp a CLI's (JSON) output; stdout is muted for that call. System.out is global, hence the lock.
     */
    private static void createGradFunctionQuietly(SameDiff sd) {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }

    /** How many times the graph was built (once, plus a rebuild per outgrown truncation). */
    int builds() {
        return builds;
    }

    /** x_0 = obs P_inᵀ + c_in (or its tanh), N Runge-Kutta steps of f(y W_tᵀ + b), out = x_N P_outᵀ + c_out, all on rows. */
    private static SDVariable ode(Graph g, OdeNetwork net, SDVariable obs) {
        Map<String, ParameterBlock> blocks = new HashMap<>();
        for (ParameterBlock b : net.parameterBlocks()) {
            blocks.put(b.name(), b);
        }
        int d = net.width();
        int n = net.inputSize();
        int m = net.outputSize();
        Tableau tab = net.tableau();
        double h = net.horizon() / net.steps();
        int res = tab.gridResolution();
        SDVariable[] w = WeightGraph.build(g, net);
        SDVariable x = g.sd.mmul(obs, g.param(blocks.get("in.W").offset(), d, n), false, true, false)
                .add(g.param(blocks.get("in.b").offset(), 1, d));
        if (net.embedding() == OdeNetwork.Embedding.TANH) {
            x = g.sd.math().tanh(x);
        }
        int stages = tab.stages();
        for (int s = 0; s < net.steps(); s++) {
            SDVariable bias = switch (net.biasMode()) {
                case NONE -> null;
                case SHARED -> g.param(blocks.get("bias").offset(), 1, d);
                case PER_STEP -> g.param(blocks.get("bias").offset() + s * d, 1, d);
            };
            SDVariable[] k = new SDVariable[stages];
            for (int i = 0; i < stages; i++) {
                SDVariable y = x;
                for (int j = 0; j < i; j++) {
                    if (tab.a(i, j) != 0.0) {
                        y = y.add(k[j].mul(h * tab.a(i, j)));
                    }
                }
                SDVariable z = g.sd.mmul(y, w[s * res + tab.gridOffset(i)], false, true, false);
                k[i] = g.activate(net.activation(), bias == null ? z : z.add(bias));
            }
            for (int i = 0; i < stages; i++) {
                if (tab.b(i) != 0.0) {
                    x = x.add(k[i].mul(h * tab.b(i)));
                }
            }
        }
        return g.sd.mmul(x, g.param(blocks.get("out.W").offset(), m, d), false, true, false)
                .add(g.param(blocks.get("out.b").offset(), 1, m));
    }

    /** Number of parameters. */
    public int parameterCount() {
        return plain.parameterCount();
    }

    /** A copy of the current parameters. */
    public double[] parameters() {
        return plain.parameters();
    }

    /**
     * Replaces the parameters. The graph is rebuilt only when a matrix function's argument has outgrown the norm its
     * truncation was chosen for.
     *
     * @throws org.odetoode.modules.InvalidHyperparameterException if the length is wrong or an entry is not finite
     * @throws UnsupportedOperationException if a rebuild meets a Cayley step beyond the range of its inverse
     */
    public void setParameters(double[] p) {
        plain.setParameters(p);
        double[] norms = norms();
        for (int i = 0; i < norms.length; i++) {
            if (!(norms[i] <= capacities[i])) {
                build();
                return;
            }
        }
        graph.assign(p);
    }

    /** The output for one observation. */
    public double[] output(double[] obs) {
        return output(new double[][] {obs})[0];
    }

    /** The outputs for a batch of observations, one per row. */
    public double[][] output(double[][] obs) {
        Map<String, INDArray> in = Map.of(OBS, matrix(obs, plain.inputSize(), "observation"));
        return graph.sd.output(in, OUT).get(OUT).toDoubleMatrix();
    }

    /** dL/dθ for L = Σ dLdOut ⊙ out(obs), in the flat parameter layout. */
    public double[] gradient(double[] obs, double[] dLdOut) {
        return gradient(new double[][] {obs}, new double[][] {dLdOut});
    }

    /** dL/dθ for L = Σ over the batch of dLdOut[r] ⊙ out(obs[r]), in the flat parameter layout. */
    public double[] gradient(double[][] obs, double[][] dLdOut) {
        if (obs.length != dLdOut.length) {
            throw new IllegalArgumentException(obs.length + " observations but " + dLdOut.length + " output gradients");
        }
        Map<String, INDArray> in = Map.of(OBS, matrix(obs, plain.inputSize(), "observation"),
                DIRECTION, matrix(dLdOut, plain.outputSize(), "output gradient"));
        List<String> names = graph.parameterNames();
        double[] gp = new double[plain.parameterCount()];
        graph.accumulate(graph.sd.calculateGradients(in, names), gp);
        return gp;
    }

    private static INDArray matrix(double[][] rows, int width, String what) {
        for (double[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException("expected " + what + "s of length " + width + ", got " + r.length);
            }
        }
        return Nd4j.createFromArray(rows);
    }
}

package org.odetoode.benchmarks;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.samediff.SameDiffNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One policy-gradient minibatch, forward and backward, with the weights shared by every row: the outputs of the
 * batch, then dL/dθ of L = ½ Σ_rows ‖out‖² (so dL/dout = out, a loss that needs the forward first, as PPO's does).
 * HalfCheetah-sized by default (17 observations, 6 outputs); {@code odetoode} at d = 16, N = 10 (iso flow, expm
 * stepper, Euler) and {@code mlp} 64×64 tanh. The supervised classifier's minibatch (784 pixels, 10 classes, d = 64,
 * batch 128) is {@code -p policy=odetoode -p batch=128 -p inputs=784 -p outputs=10 -p d=64}.
 *
 * <ul>
 *   <li>{@code plainPerRow}: the baseline, {@link Network#gradient} row by row, summed (the weight flow's reverse
 *       pass, Fréchet derivatives of expm included, runs once per row);</li>
 *   <li>{@code plainBatch}: {@link Network#accumulateGradient}, one weight-flow reverse pass per batch;</li>
 *   <li>{@code sameDiffBatch}: the SameDiff twin on the B-by-inputs batch matrix (one {@code output} call for the
 *       forward, one {@code calculateGradients} call, which runs the forward again); ND4J uses its own threads.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PgMinibatchBench {
    @Param({"odetoode", "mlp"})
    public String policy;

    @Param({"64", "512"})
    public int batch;

    @Param({"17"})
    public int inputs;

    @Param({"6"})
    public int outputs;

    /** Width of odetoode's state (mlp stays 64×64). */
    @Param({"16"})
    public int d;

    private Network net;
    private SameDiffNetwork sameDiff;
    private double[][] obs;
    private double[][] out;

    @Setup
    public void setup() {
        Map<String, String> hp = policy.equals("odetoode")
                ? Map.of("d", Integer.toString(d), "steps", "10", "flow", "iso", "stepper", "expm")
                : Map.of("hidden", "64", "layers", "2");
        net = Policies.network(policy, inputs, outputs, hp);
        sameDiff = SameDiffNetwork.of(net);
        Random rng = new Random(1);
        obs = new double[batch][inputs];
        out = new double[batch][outputs];
        for (double[] row : obs) {
            for (int j = 0; j < inputs; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        // The three must compute the same gradient, or the comparison means nothing.
        double[] a = plainPerRow();
        double[] b = plainBatch();
        double[] c = sameDiffBatch();
        double scale = 0.0;
        double errB = 0.0;
        double errC = 0.0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            errB = Math.max(errB, Math.abs(a[i] - b[i]));
            errC = Math.max(errC, Math.abs(a[i] - c[i]));
        }
        if (!(errB <= 1e-9 * scale && errC <= 1e-9 * scale)) {
            throw new IllegalStateException("the gradients differ: batch " + errB + ", SameDiff " + errC + " (scale "
                    + scale + ")");
        }
    }

    private void forwardPlain() {
        for (int r = 0; r < batch; r++) {
            net.forward(obs[r], out[r]);
        }
    }

    @Benchmark
    public double[] plainPerRow() {
        forwardPlain();
        double[] gp = new double[net.parameterCount()];
        for (int r = 0; r < batch; r++) {
            double[] g = net.gradient(obs[r], out[r]).parameters();
            for (int i = 0; i < g.length; i++) {
                gp[i] += g[i];
            }
        }
        return gp;
    }

    @Benchmark
    public double[] plainBatch() {
        forwardPlain();
        double[] gp = new double[net.parameterCount()];
        net.accumulateGradient(obs, out, 0, batch, gp);
        return gp;
    }

    @Benchmark
    public double[] sameDiffBatch() {
        double[][] o = sameDiff.output(obs);
        return sameDiff.gradient(obs, o);
    }
}

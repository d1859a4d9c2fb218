package org.odetoode.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.policy.Policies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward call of a policy (observation 4 → 2 outputs, CartPole's sizes), the cost paid per environment step.
 * The weight trajectory is computed once in setup, as in training. {@code linear} is the floor to compare against;
 * {@code identity} separates the cost of tanh from the rest of the step. {@code setParameters} is the cost paid once
 * per episode in ES training: the weight trajectory for a new parameter vector (two vectors taken in turn, so that
 * nothing cached for one serves the other).
 *
 * <p>{@code config} is policy:d:N:activation; {@code precision} the forward's arithmetic (setParameters also rounds
 * the weights to float for float32).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PolicyForwardBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PolicyForwardBench {
    @Param({"odetoode:16:10:tanh", "odetoode:64:20:tanh", "odetoode:16:10:identity", "linear:0:0:identity"})
    public String config;

    /** The forward's arithmetic (ES rollouts default to float32). */
    @Param({"float64", "float32"})
    public String precision;

    private Network net;
    private double[] obs;
    private double[] out;
    private double[][] parameters;
    private int next;

    @Setup
    public void setup() {
        String[] c = config.split(":");
        Map<String, String> hp = c[0].equals("linear") ? Map.of() : Map.of("d", c[1], "steps", c[2], "activation", c[3]);
        net = Policies.network(c[0], 4, 2, hp);
        net.setForwardPrecision(Precision.parse(precision));
        obs = new double[4];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = Math.sin(i);
        }
        out = new double[2];
        double[] p = net.parameters();
        double[] q = p.clone();
        for (int i = 0; i < q.length; i++) {
            q[i] += 1e-3 * Math.cos(i);
        }
        parameters = new double[][] {p, q};
    }

    @Benchmark
    public double forward() {
        net.forward(obs, out);
        return out[0];
    }

    @Benchmark
    public void setParameters() {
        net.setParameters(parameters[next]);
        next ^= 1;
    }
}

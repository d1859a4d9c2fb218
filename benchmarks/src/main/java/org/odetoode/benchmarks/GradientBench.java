package org.odetoode.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.samediff.SameDiffCheck;
import org.odetoode.modules.samediff.SameDiffNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reverse-mode gradient of {@code odetoode} (iso flow, expm stepper, Euler solver, tanh) at d = 16, N = 50, for a
 * HalfCheetah-sized policy (17 observations, 6 actions): hand-written plain Java against SameDiff's autodiff of the
 * same graph. The SameDiff graph and its gradient function are built once in the setup; an invocation sets the
 * inputs and computes dL/dθ for L = c·out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GradientBench {
    private Network net;
    private SameDiffNetwork sameDiff;
    private double[] obs;
    private double[] c;

    @Setup
    public void setup() {
        net = Policies.network("odetoode", 17, 6, Map.of("d", "16", "steps", "50", "flow", "iso", "stepper", "expm"));
        sameDiff = SameDiffNetwork.of(net);
        obs = GradientCheck.direction(17, 1);
        c = GradientCheck.direction(6, 2);
        // Both sides must compute the same numbers, or the comparison means nothing.
        double err = SameDiffCheck.maxRelativeError(net, obs, c);
        if (!(err <= 1e-9)) {
            throw new IllegalStateException("plain and SameDiff gradients differ by " + err);
        }
    }

    @Benchmark
    public double[] plainJava() {
        return net.gradient(obs, c).parameters();
    }

    @Benchmark
    public double[] sameDiff() {
        return sameDiff.gradient(obs, c);
    }
}

package org.odetoode.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.odetoode.modules.internal.FastTanh;
import org.odetoode.modules.internal.Kernels;
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
 * The two kernels of one forward step at width d: the mat-vec z = W y and tanh over z, each through {@link Kernels}
 * (SIMD when the Vector API is present) and as the scalar loop, with {@link Math#tanh} as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ForwardKernelsBench {
    @Param({"16", "64"})
    public int d;

    private double[] packed;
    private double[] y;
    private double[] z;

    @Setup
    public void setup() {
        Random rng = new Random(1);
        double[] w = new double[d * d];
        y = new double[d];
        z = new double[d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        packed = new double[Kernels.packedLength(d, d)];
        Kernels.pack(w, 0, d, d, packed);
        for (int i = 0; i < d; i++) {
            y[i] = rng.nextGaussian();
        }
    }

    @Benchmark
    public double matVec() {
        Kernels.matVec(packed, d, d, y, null, 0, z);
        return z[0];
    }

    @Benchmark
    public double tanhKernel() {
        Kernels.tanh(y, z, d);
        return z[0];
    }

    @Benchmark
    public double tanhScalarFast() {
        for (int i = 0; i < d; i++) {
            z[i] = FastTanh.tanh(y[i]);
        }
        return z[0];
    }

    @Benchmark
    public double tanhMathBaseline() {
        for (int i = 0; i < d; i++) {
            z[i] = Math.tanh(y[i]);
        }
        return z[0];
    }
}

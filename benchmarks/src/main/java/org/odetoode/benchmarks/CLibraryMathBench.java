package org.odetoode.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.odetoode.envs.classic.CLibraryMath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of {@link CLibraryMath}'s sin and pow(x, 2) against Java's {@code Math.sin} and {@code x * x}, on
 * arguments uniform in [-12, 12] as Acrobot meets them (a cycle of 1024 drawn at setup). The C library is called
 * for about 15 % of them, so the time per call mixes the Java evaluation and a call through the foreign linker, as
 * the launcher runs; {@code -jvmArgsAppend -Dnone} forks without the linker's flags, so that JNA makes the calls.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CLibraryMathBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED"})
public class CLibraryMathBench {
    private static final int ARGUMENTS = 1024;

    private final double[] arguments = new double[ARGUMENTS];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < ARGUMENTS; i++) {
            arguments[i] = random.nextDouble(-12, 12);
        }
    }

    private double argument() {
        double x = arguments[next];
        next = (next + 1) & (ARGUMENTS - 1);
        return x;
    }

    @Benchmark
    public double cLibrarySin() {
        return CLibraryMath.sin(argument());
    }

    @Benchmark
    public double javaSin() {
        return Math.sin(argument());
    }

    @Benchmark
    public double cLibrarySquare() {
        return CLibraryMath.pow(argument(), 2);
    }

    @Benchmark
    public double javaSquare() {
        double x = argument();
        return x * x;
    }
}

package org.odetoode.benchmarks;

import java.util.concurrent.TimeUnit;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
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
 * One environment step as {@code Envs.make} builds the env (with its TimeLimit), on one thread (issue 3:
 * CartPole-v1 at least 20 M steps/s, i.e. at most 50 ns a step). Actions cycle through a fixed sequence of
 * 1024 random actions drawn at setup; an ended episode resets inside the measured call, as in a rollout.
 * {@code baseline} does the same bookkeeping without stepping: what the harness itself costs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EnvStepBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED"})
public class EnvStepBench {
    private static final int ACTIONS = 1024;

    @Param({"CartPole-v1", "Pendulum-v1", "Acrobot-v1"})
    public String envId;

    private Env env;
    private Transition transition;
    private double[][] actions;
    private int next;

    @Setup
    public void setUp() {
        env = Envs.make(envId);
        Rng rng = new Rng(42);
        actions = new double[ACTIONS][];
        for (int i = 0; i < ACTIONS; i++) {
            actions[i] = env.actionSpace().sample(rng);
        }
        transition = new Transition(env.observationSpace().size());
        env.reset(42, transition);
    }

    /** One step (ops/µs = M steps/s); returns the reward so the JIT keeps the work. */
    @Benchmark
    public double step() {
        double[] action = actions[next];
        next = (next + 1) & (ACTIONS - 1);
        env.step(action, transition);
        if (transition.terminated || transition.truncated) {
            env.reset(transition);
        }
        return transition.reward;
    }

    /** The action cycling and the returned value alone. */
    @Benchmark
    public double baseline() {
        double[] action = actions[next];
        next = (next + 1) & (ACTIONS - 1);
        return action[0];
    }
}

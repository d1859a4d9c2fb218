package org.odetoode.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.odetoode.agents.EsTrainer;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.rollout.HeadKind;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.PolicyFactory;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.policy.Policy;
import org.odetoode.modules.policy.PolicyLanes;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ES rollout on one thread, per candidate (as before issue 20) against a lane group ({@link PolicyLanes}), with
 * the default policy (odetoode d = 16, N = 10, tanh, float32). The {@code steps} counter is env steps per second:
 * <ul>
 *   <li>{@code batch}: one ES iteration's rollouts, 40 candidates θ ± 0.1 ε around a centre trained for 30 ES
 *       iterations (so CartPole's episodes last up to 500 steps, as in training once it is solved), each candidate's
 *       weight flow included;</li>
 *   <li>{@code actStep}: the act + step loop alone, eight candidates loaded once, an ended episode resetting its
 *       environment: the limit the batch approaches as episodes grow long.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RolloutLanesBench -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
public class RolloutLanesBench {
    private static final int CANDIDATES = 40;
    private static final double SIGMA = 0.1;

    @Param({"CartPole-v1", "Pendulum-v1", "Acrobot-v1"})
    public String envId;

    /** {@code lanes} or {@code perCandidate}. */
    @Param({"lanes", "perCandidate"})
    public String mode;

    /** Env steps, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Steps {
        public long steps;
    }

    private RolloutExecutor executor;
    private RolloutExecutor.Batch batch;
    private MeanStdFilter filter;
    private PolicyLanes lanes;
    private Policy policy;
    private Env[] envs;
    private Transition[] transitions;
    private double[][] observations;
    private double[][] actions;
    private boolean[] active;
    private long nextSeed;

    @Setup
    public void setUp() {
        double[] centre = trainedCentre(envId);
        Env probe = Envs.make(envId);
        policy = PolicyFactory.create("odetoode", Map.of(), HeadKind.AUTO, 0, probe);
        policy.network().setForwardPrecision(Precision.FLOAT32);
        executor = mode.equals("lanes") ? new RolloutExecutor(1, () -> Envs.make(envId), policy)
                : RolloutExecutor.perCandidate(1, () -> Envs.make(envId), policy);
        if (executor.lanes() != mode.equals("lanes")) {
            throw new IllegalStateException("the executor does not run " + mode);
        }
        double[][] candidates = new double[CANDIDATES][];
        Rng rng = new Rng(7);
        for (int k = 0; k < CANDIDATES; k += 2) {
            double[] plus = centre.clone();
            double[] minus = centre.clone();
            for (int j = 0; j < centre.length; j++) {
                double e = SIGMA * rng.nextGaussian();
                plus[j] += e;
                minus[j] -= e;
            }
            candidates[k] = plus;
            candidates[k + 1] = minus;
        }
        batch = new RolloutExecutor.Batch() {
            @Override
            public int size() {
                return CANDIDATES;
            }

            @Override
            public void parameters(int i, double[] out) {
                System.arraycopy(candidates[i], 0, out, 0, out.length);
            }

            @Override
            public long seed(int i) {
                return 1000 + i / 2;
            }
        };
        filter = MeanStdFilter.empty(probe.observationSpace().size());

        lanes = new PolicyLanes(policy);
        int l = lanes.lanes();
        envs = new Env[l];
        transitions = new Transition[l];
        actions = new double[l][policy.head().actionSize()];
        active = new boolean[l];
        observations = new double[l][];
        for (int i = 0; i < l; i++) {
            lanes.load(i, candidates[i]);
            envs[i] = Envs.make(envId);
            transitions[i] = new Transition(probe.observationSpace().size());
            envs[i].reset(nextSeed++, transitions[i]);
            observations[i] = transitions[i].observation;
            active[i] = true;
        }
        policy.network().setParameters(candidates[0]);
    }

    /** θ after 30 iterations of the default ES on {@code envId}. */
    private static double[] trainedCentre(String envId) {
        try {
            Path dir = Files.createTempDirectory("rollout-lanes-bench");
            TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("env", envId, "threads", "1", "iterations", "30",
                    "eval-every", "0", "final-eval-episodes", "1", "checkpoint-every", "0"));
            return EsTrainer.create(c, dir.resolve("run"), false).run(MetricsSink.NONE).parameters();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown
    public void tearDown() {
        executor.close();
    }

    /** One ES iteration's rollouts: 40 candidates, their weight flows and episodes. */
    @Benchmark
    @Warmup(iterations = 3, time = 4)
    @Measurement(iterations = 5, time = 4)
    public double batch(Steps counter) {
        RolloutExecutor.Results r = executor.run(batch, filter, false, 0.0);
        counter.steps += r.steps();
        return r.returns()[0];
    }

    /** One act + step of every lane ({@code lanes}), or of one candidate ({@code perCandidate}). */
    @Benchmark
    public double actStep(Steps counter) {
        if (mode.equals("lanes")) {
            lanes.act(observations, active, actions);
            double sum = 0.0;
            for (int l = 0; l < envs.length; l++) {
                step(envs[l], actions[l], transitions[l]);
                sum += transitions[l].reward;
            }
            counter.steps += envs.length;
            return sum;
        }
        policy.act(transitions[0].observation, actions[0]);
        step(envs[0], actions[0], transitions[0]);
        counter.steps++;
        return transitions[0].reward;
    }

    private void step(Env env, double[] action, Transition t) {
        env.step(action, t);
        if (t.terminated || t.truncated) {
            env.reset(nextSeed++, t);
        }
    }
}

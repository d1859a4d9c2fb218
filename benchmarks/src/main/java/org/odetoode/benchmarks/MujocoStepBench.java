package org.odetoode.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.mujoco.HalfCheetahV3;
import org.odetoode.envs.mujoco.internal.MjSim;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Java environment layer costs on top of MuJoCo: HalfCheetah-v3 environment steps per second
 * against raw {@code mj_step} calls on the same model, both with random controls from a fixed table.
 *
 * <p>Baseline {@link #rawFrameSkip}: copy the control in, then frame skip (5) raw {@code mj_step}s, so one
 * operation is the physics of one environment step and raw mj_step/s is five times its score.
 * {@link #envStep}: one {@code HalfCheetahV3.step}: the same physics plus reward, observation and info. Both
 * restart every 1000 steps (the episode length) near the model's default pose, so they simulate alike.
 * The target is {@code envStep >= 0.9 * rawFrameSkip}. Run with JMH
 * ({@code java -jar benchmarks/target/benchmarks.jar MujocoStepBench}) on a quiet machine, or {@link #main}
 * for the ratio on a busy one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MujocoStepBench {
    private static final int ACTIONS = 1024;
    private static final int FRAME_SKIP = 5;
    private static final int EPISODE_STEPS = 1000;

    private double[][] actions;
    private int next;
    private int rawSteps;
    private int envSteps;
    private MjSim sim;
    private HalfCheetahV3 env;
    private Transition out;

    @Setup(Level.Trial)
    public void setUp() {
        Rng rng = new Rng(1);
        env = new HalfCheetahV3();
        actions = new double[ACTIONS][];
        for (int i = 0; i < ACTIONS; i++) {
            actions[i] = env.actionSpace().sample(rng);
        }
        out = env.reset(0);
        sim = MjSim.loadGymModel("half_cheetah.xml");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        env.close();
        sim.close();
    }

    private double[] nextAction() {
        next = (next + 1) & (ACTIONS - 1);
        return actions[next];
    }

    /** Baseline: write the control, five raw mj_steps. */
    @Benchmark
    public double rawFrameSkip() {
        if (++rawSteps == EPISODE_STEPS) {
            rawSteps = 0;
            sim.reset();
            sim.forward();
        }
        sim.step(nextAction(), FRAME_SKIP);
        return sim.qpos.get(0);
    }

    /** One HalfCheetah-v3 environment step (frame skip 5). */
    @Benchmark
    public double envStep() {
        if (++envSteps == EPISODE_STEPS) {
            envSteps = 0;
            env.reset(out);
        }
        env.step(nextAction(), out);
        return out.reward;
    }

    /**
     * Compares the two in one run, robust to a shared machine: alternating blocks of {@link #rawFrameSkip} and
     * {@link #envStep} (after a warm-up), each timed by this thread's CPU time, so time lost to other processes
     * counts for neither. Prints raw mj_step/s, env steps/s and their ratio. Arguments: rounds (default 40).
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int block = 2000;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        MujocoStepBench b = new MujocoStepBench();
        b.setUp();
        double sink = 0;
        for (int i = 0; i < 20 * block; i++) {
            sink += b.rawFrameSkip() + b.envStep();
        }
        long rawNanos = 0;
        long envNanos = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < block; i++) {
                sink += b.rawFrameSkip();
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < block; i++) {
                sink += b.envStep();
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            rawNanos += t1 - t0;
            envNanos += t2 - t1;
        }
        b.tearDown();
        double steps = (double) rounds * block;
        double rawPerSecond = steps / (rawNanos * 1e-9);
        double envPerSecond = steps / (envNanos * 1e-9);
        System.out.printf("raw mj_step/s %.0f, HalfCheetah-v3 env steps/s %.0f, env / (raw / %d) = %.3f"
                + " (per CPU second; checksum %.3g)%n", rawPerSecond * FRAME_SKIP, envPerSecond, FRAME_SKIP,
                envPerSecond / rawPerSecond, sink);
    }
}

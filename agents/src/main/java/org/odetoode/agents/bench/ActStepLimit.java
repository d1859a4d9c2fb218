package org.odetoode.agents.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.modules.policy.Policy;

/**
 * The act + step limit of a training config: its rollout policy's forward and its env's step, on the calling thread,
 * with nothing else (no ES, no observation filter, no episode bookkeeping beyond the resets). A whole ES loop on one
 * thread can approach this rate but not pass it.
 */
public final class ActStepLimit {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ActStepLimit() {
    }

    /**
     * Steps per wall second and per CPU second of the calling thread, measured over {@code steps} steps after the same
     * number run as the JIT's warm-up; the policy has its initial parameters (seed of the config) and the
     * config's rollout precision, as the trainer's rollouts have.
     */
    public static Rate measure(TrainConfig config, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the act + step limit needs at least one step, not " + steps);
        }
        try (Env env = Trainer.makeEnv(config)) {
            Policy policy = Trainer.rolloutPolicy(config, env);
            Transition t = new Transition(env.observationSpace().size());
            double[] action = new double[policy.head().actionSize()];
            long seed = 0;
            Rate rate = null;
            for (int rep = 0; rep < 2; rep++) { // the first round warms the JIT up
                long start = System.nanoTime();
                long cpuStart = CPU.getCurrentThreadCpuTime();
                env.reset(seed++, t);
                for (long n = 0; n < steps; n++) {
                    policy.act(t.observation, action);
                    env.step(action, t);
                    if (t.terminated || t.truncated) {
                        env.reset(seed++, t);
                    }
                }
                rate = new Rate(steps / ((System.nanoTime() - start) * 1e-9),
                        steps / ((CPU.getCurrentThreadCpuTime() - cpuStart) * 1e-9));
            }
            return rate;
        }
    }

    /**
     * Steps per second by two clocks.
     *
     * @param perWallSecond steps over elapsed wall time
     * @param perCpuSecond steps over the CPU time of the calling thread: the rate with the core to itself, whatever
     *     else shares the machine
     */
    public record Rate(double perWallSecond, double perCpuSecond) {
    }
}

package org.odetoode.agents.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.LaneEpisodes;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.modules.policy.Policy;
import org.odetoode.modules.policy.PolicyLanes;

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
     * config's rollout precision, as the trainer's rollouts have. Where the trainer runs rollouts in SIMD lanes
     * ({@link LaneEpisodes#covers}), a lane group acts together, one environment per lane, as the loop runs it.
     */
    public static Rate measure(TrainConfig config, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the act + step limit needs at least one step, not " + steps);
        }
        try (Env first = Trainer.makeEnv(config)) {
            Policy policy = Trainer.rolloutPolicy(config, first);
            PolicyLanes lanes = LaneEpisodes.covers(policy) ? new PolicyLanes(policy) : null;
            int group = lanes == null ? 1 : lanes.lanes();
            Env[] envs = new Env[group];
            Transition[] t = new Transition[group];
            double[][] observations = new double[group][];
            double[][] actions = new double[group][policy.head().actionSize()];
            boolean[] active = new boolean[group];
            try {
                for (int l = 0; l < group; l++) {
                    envs[l] = l == 0 ? first : Trainer.makeEnv(config);
                    t[l] = new Transition(first.observationSpace().size());
                    observations[l] = t[l].observation;
                    active[l] = true;
                    if (lanes != null) {
                        lanes.load(l, policy.network().parameters());
                    }
                }
                long seed = 0;
                Rate rate = null;
                for (int rep = 0; rep < 2; rep++) { // the first round warms the JIT up
                    long start = System.nanoTime();
                    long cpuStart = CPU.getCurrentThreadCpuTime();
                    for (int l = 0; l < group; l++) {
                        envs[l].reset(seed++, t[l]);
                    }
                    for (long n = 0; n < steps; n += group) {
                        if (lanes == null) {
                            policy.act(observations[0], actions[0]);
                        } else {
                            lanes.act(observations, active, actions);
                        }
                        for (int l = 0; l < group; l++) {
                            envs[l].step(actions[l], t[l]);
                            if (t[l].terminated || t[l].truncated) {
                                envs[l].reset(seed++, t[l]);
                            }
                        }
                    }
                    long done = (steps + group - 1) / group * group;
                    rate = new Rate(done / ((System.nanoTime() - start) * 1e-9),
                            done / ((CPU.getCurrentThreadCpuTime() - cpuStart) * 1e-9));
                }
                return rate;
            } finally {
                for (int l = 1; l < group; l++) {
                    if (envs[l] != null) {
                        envs[l].close();
                    }
                }
            }
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

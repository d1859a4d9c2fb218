package org.odetoode.agents.rollout;

import java.util.List;
import java.util.function.Supplier;
import org.odetoode.agents.internal.Parallel;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.envs.wrappers.RunningMeanStd;
import org.odetoode.modules.policy.Policy;

/**
 * Runs batches of episodes on a fixed pool of threads, in process ({@link Parallel}). Each thread owns an environment
 * and a policy copy; threads pull episode indices from a shared counter, and every result is stored at its episode's
 * index. Since an
 * episode depends only on its parameters, its seed and the frozen filter, a batch's results are the same for any
 * number of threads.
 *
 * <p>Where {@link LaneEpisodes#covers} says so (the default odetoode policy, on any environment), each
 * thread runs a group of episodes at once, one per SIMD lane, with the same results.
 */
public final class RolloutExecutor implements AutoCloseable {

    /** What a batch evaluates: the parameters and reset seed of episode {@code i}. */
    public interface Batch {
        /** Number of episodes. */
        int size();

        /** Overwrites {@code out} with the parameters of episode {@code i}. */
        void parameters(int i, double[] out);

        /** The reset seed of episode {@code i}. */
        long seed(int i);
    }

    /**
     * Results by episode index.
     *
     * @param returns undiscounted returns with the reward shift applied (the fitness)
     * @param rawReturns undiscounted returns of the environment's own rewards
     * @param lengths steps per episode
     * @param observations per-episode observation statistics, or null when not recorded (null entries for
     *     infeasible episodes)
     * @param infeasible episodes whose parameters the network rejected because their weight flow diverged
     *     (unrestricted flows can blow up in finite time), length 0, or whose network answered a finite observation
     *     with a non-finite action, length the steps taken before; their returns are NaN
     */
    public record Results(double[] returns, double[] rawReturns, int[] lengths, RunningMeanStd[] observations,
            boolean[] infeasible) {
        /** Total environment steps. */
        public long steps() {
            long s = 0;
            for (int n : lengths) {
                s += n;
            }
            return s;
        }
    }

    private final Parallel<Worker> workers;

    /**
     * @param threads number of threads, >= 1
     * @param envs makes one environment per thread
     * @param policy the prototype; each thread gets a {@link Policy#copy()}
     */
    public RolloutExecutor(int threads, Supplier<Env> envs, Policy policy) {
        this(threads, envs, policy, true);
    }

    /** An executor that runs every episode on its own, never in lanes: the reference the lanes are checked against. */
    public static RolloutExecutor perCandidate(int threads, Supplier<Env> envs, Policy policy) {
        return new RolloutExecutor(threads, envs, policy, false);
    }

    private RolloutExecutor(int threads, Supplier<Env> envs, Policy policy, boolean lanes) {
        this.workers = new Parallel<>(threads, w -> {
            Env env = envs.get();
            return new Worker(env, policy.copy(), lanes && LaneEpisodes.covers(policy)
                    ? new LaneEpisodes(env, envs, policy) : null);
        }, "odetoode-rollout");
    }

    /** Whether episodes run in lanes ({@link LaneEpisodes#covers}). */
    public boolean lanes() {
        return workers.contexts().get(0).lanes != null;
    }

    public int threads() {
        return workers.threads();
    }

    /**
     * Runs every episode of {@code batch}.
     *
     * @param filter normalises observations, frozen for the batch
     * @param record whether to record per-episode observation statistics
     * @param rewardShift subtracted from every step's reward for {@link Results#returns()}
     */
    public Results run(Batch batch, MeanStdFilter filter, boolean record, double rewardShift) {
        int n = batch.size();
        Results results = new Results(new double[n], new double[n], new int[n],
                record ? new RunningMeanStd[n] : null, new boolean[n]);
        double[] shift = filter.shift();
        double[] scale = filter.inverseStd();
        if (lanes()) {
            // One task per thread, each running its lanes over its share of the candidates, then over what is left.
            CandidateShares shares = new CandidateShares(n, workers.threads());
            workers.forEach(workers.threads(), (w, task) -> w.lanes.run(batch, shares, task, shift, scale,
                    rewardShift, results));
        } else {
            workers.forEach(n, (w, i) -> w.run(batch, i, shift, scale, rewardShift, results));
        }
        return results;
    }

    /**
     * Records episode {@code i} as infeasible: its weight flow diverged, or its network overflowed and answered a
     * finite observation with a non-finite action, so it scores NaN (which ranks last). A non-finite observation is
     * the env's fault and goes on to a NaN return, which stops the run. {@code steps} are the env steps it
     * took before (counted in the budget); its observations are not recorded.
     */
    static void infeasible(int i, int steps, Results out) {
        out.infeasible()[i] = true;
        out.returns()[i] = Double.NaN;
        out.rawReturns()[i] = Double.NaN;
        out.lengths()[i] = steps;
    }

    /**
     * True when every entry of {@code values} is finite. A NaN action (an unrestricted flow whose W(t) is finite but
     * whose states overflow) would otherwise reach the env, whose state it poisons for the rest of the episode.
     */
    static boolean finite(double[] values) {
        for (double a : values) {
            if (!Double.isFinite(a)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        workers.close();
        for (Worker w : workers.contexts()) {
            for (Env env : w.lanes == null ? List.of(w.env) : w.lanes.envs()) {
                env.close();
            }
        }
    }

    /** One thread's environment, policy and buffers, and its lanes where they run. */
    private static final class Worker {
        final Env env;
        final Policy policy;
        final LaneEpisodes lanes;
        final double[] parameters;
        final double[] observation;
        final double[] action;
        final Transition transition;

        Worker(Env env, Policy policy, LaneEpisodes lanes) {
            this.env = env;
            this.policy = policy;
            this.lanes = lanes;
            this.parameters = new double[policy.network().parameterCount()];
            this.observation = new double[env.observationSpace().size()];
            this.action = new double[policy.head().actionSize()];
            this.transition = new Transition(env.observationSpace().size());
        }

        void run(Batch batch, int i, double[] shift, double[] scale, double rewardShift, Results out) {
            batch.parameters(i, parameters);
            try {
                policy.network().setParameters(parameters);
            } catch (ArithmeticException diverged) {
                // A property of this candidate, not a failure of the run: it scores NaN, which ranks last.
                infeasible(i, 0, out);
                return;
            }
            RunningMeanStd stats = out.observations() == null ? null : new RunningMeanStd(observation.length);
            if (episode(batch.seed(i), shift, scale, rewardShift, stats, i, out) && stats != null) {
                out.observations()[i] = stats;
            }
        }

        /** Runs candidate {@code i}'s episode; false when it turned out infeasible (a non-finite action). */
        private boolean episode(long seed, double[] shift, double[] scale, double rewardShift,
                RunningMeanStd stats, int i, Results out) {
            Transition t = transition;
            env.reset(seed, t);
            double total = 0.0;
            double raw = 0.0;
            int steps = 0;
            while (true) {
                double[] o = t.observation;
                if (stats != null) {
                    stats.push(o);
                }
                MeanStdFilter.normalise(o, shift, scale, observation);
                policy.act(observation, action);
                if (!finite(action) && finite(o)) {
                    infeasible(i, steps, out);
                    return false;
                }
                env.step(action, t);
                steps++;
                raw += t.reward;
                total += t.reward - rewardShift;
                if (t.terminated || t.truncated) {
                    break;
                }
            }
            out.returns()[i] = total;
            out.rawReturns()[i] = raw;
            out.lengths()[i] = steps;
            return true;
        }
    }
}

package org.odetoode.agents.rollout;

import java.util.List;
import java.util.function.Supplier;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.envs.wrappers.RunningMeanStd;
import org.odetoode.modules.policy.Policy;
import org.odetoode.modules.policy.PolicyLanes;

/**
 * One thread's episodes run {@link PolicyLanes#lanes() a lane group} at a time: each lane holds a candidate and its
 * own environment, the policies of all lanes act in one pass ({@link PolicyLanes}), then each lane's environment
 * steps. When a lane's episode ends, the lane takes the next candidate of the thread's share of the batch
 * ({@link CandidateShares}), so lanes idle only at the end of a share. A candidate's episode is computed by exactly the operations of the per-candidate
 * loop ({@link RolloutExecutor}), so its results, stored at its index, do not depend on the lane, the group or the
 * number of threads.
 */
public final class LaneEpisodes {
    private final PolicyLanes lanes;
    private final Env[] envs;
    private final Transition[] transitions;
    private final double[][] observations;
    private final double[][] actions;
    private final boolean[] active;
    private final int[] candidate;
    private final double[] total;
    private final double[] raw;
    private final int[] steps;
    private final RunningMeanStd[] stats;
    private final double[] parameters;
    /** Indices taken by {@link CandidateShares#steal}. */
    private final int[] stolen;

    /**
     * The rule, in this one place, for which rollouts run in lanes: a policy with a lane form (the float32 Euler
     * forward of an ODE network with tanh), on any environment. Everything else (float64 rollouts, other solvers,
     * activations and policies) runs per candidate. On MuJoCo too the lanes pay: one candidate's own forward was
     * 2.5 % of a HalfCheetah step, which a lane group cuts to under 1 % (issue 20).
     */
    public static boolean covers(Policy policy) {
        return PolicyLanes.supports(policy);
    }

    /**
     * @param first the thread's environment, lane 0's
     * @param envs makes the other lanes' environments
     */
    LaneEpisodes(Env first, Supplier<Env> envs, Policy policy) {
        this.lanes = new PolicyLanes(policy);
        int l = lanes.lanes();
        int obs = first.observationSpace().size();
        this.envs = new Env[l];
        this.transitions = new Transition[l];
        this.observations = new double[l][obs];
        this.actions = new double[l][policy.head().actionSize()];
        this.active = new boolean[l];
        this.candidate = new int[l];
        this.total = new double[l];
        this.raw = new double[l];
        this.steps = new int[l];
        this.stats = new RunningMeanStd[l];
        this.parameters = new double[policy.network().parameterCount()];
        this.stolen = new int[l];
        for (int i = 0; i < l; i++) {
            this.envs[i] = i == 0 ? first : envs.get();
            this.transitions[i] = new Transition(obs);
        }
    }

    /** The lanes' environments (lane 0's is the thread's own). */
    List<Env> envs() {
        return List.of(envs);
    }

    /**
     * Runs candidates of {@code batch}: those of share {@code share} of {@code shares}, then, whenever every lane has
     * finished, candidates taken from the fullest share, until none is left.
     *
     * @see RolloutExecutor#run
     */
    void run(RolloutExecutor.Batch batch, CandidateShares shares, int share, double[] shift, double[] scale,
            double rewardShift, RolloutExecutor.Results out) {
        int running = 0;
        for (int l = 0; l < active.length; l++) {
            if (refill(l, batch, shares, share, out)) {
                running++;
            }
        }
        while (true) {
            if (running == 0) {
                running = steal(batch, shares, out);
                if (running == 0) {
                    return;
                }
            }
            for (int l = 0; l < active.length; l++) {
                if (active[l]) {
                    double[] o = transitions[l].observation;
                    if (stats[l] != null) {
                        stats[l].push(o);
                    }
                    MeanStdFilter.normalise(o, shift, scale, observations[l]);
                }
            }
            lanes.act(observations, active, actions);
            for (int l = 0; l < active.length; l++) {
                if (!active[l]) {
                    continue;
                }
                if (!RolloutExecutor.finite(actions[l]) && RolloutExecutor.finite(transitions[l].observation)) {
                    RolloutExecutor.infeasible(candidate[l], steps[l], out);
                    if (!refill(l, batch, shares, share, out)) {
                        running--;
                    }
                    continue;
                }
                Transition t = transitions[l];
                envs[l].step(actions[l], t);
                steps[l]++;
                raw[l] += t.reward;
                total[l] += t.reward - rewardShift;
                if (t.terminated || t.truncated) {
                    int i = candidate[l];
                    out.returns()[i] = total[l];
                    out.rawReturns()[i] = raw[l];
                    out.lengths()[i] = steps[l];
                    if (stats[l] != null) {
                        out.observations()[i] = stats[l];
                    }
                    if (!refill(l, batch, shares, share, out)) {
                        running--;
                    }
                }
            }
        }
    }

    /**
     * Starts the next candidate of the thread's own share that can run in lane {@code l}; returns false, the lane
     * inactive, when the share is spent.
     */
    private boolean refill(int l, RolloutExecutor.Batch batch, CandidateShares shares, int share,
            RolloutExecutor.Results out) {
        for (int i = shares.own(share); i >= 0; i = shares.own(share)) {
            if (start(l, i, batch, out)) {
                return true;
            }
        }
        active[l] = false;
        return false;
    }

    /** With every lane finished: starts candidates taken from the fullest share; returns how many lanes now run. */
    private int steal(RolloutExecutor.Batch batch, CandidateShares shares, RolloutExecutor.Results out) {
        while (true) {
            int taken = shares.steal(stolen.length, stolen);
            if (taken == 0) {
                return 0;
            }
            int running = 0;
            for (int k = 0; k < taken; k++) {
                if (start(running, stolen[k], batch, out)) {
                    running++;
                }
            }
            if (running > 0) {
                return running;
            }
        }
    }

    /**
     * Loads candidate {@code i} into lane {@code l} and resets its environment; returns false, the candidate
     * recorded infeasible and the lane left as it was, when its weight flow diverges.
     */
    private boolean start(int l, int i, RolloutExecutor.Batch batch, RolloutExecutor.Results out) {
        batch.parameters(i, parameters);
        try {
            lanes.load(l, parameters);
        } catch (ArithmeticException diverged) {
            RolloutExecutor.infeasible(i, 0, out);
            return false;
        }
        candidate[l] = i;
        total[l] = 0.0;
        raw[l] = 0.0;
        steps[l] = 0;
        stats[l] = out.observations() == null ? null : new RunningMeanStd(observations[l].length);
        envs[l].reset(batch.seed(i), transitions[l]);
        active[l] = true;
        return true;
    }
}

package org.odetoode.agents.rollout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.odetoode.envs.Env;
import org.odetoode.envs.EnvSpec;
import org.odetoode.envs.Transition;
import org.odetoode.envs.classic.ClassicControlProvider;
import org.odetoode.envs.wrappers.RunningMeanStd;
import org.odetoode.modules.policy.Policy;
import org.odetoode.modules.policy.PolicyLanes;

/**
 * One thread's episodes run {@link PolicyLanes#lanes() a lane group} at a time: each lane holds a candidate and its
 * own environment, the policies of all lanes act in one pass ({@link PolicyLanes}), then each lane's environment
 * steps. When a lane's episode ends, the lane takes the next candidate of the batch from the shared counter, so lanes
 * idle only at the end of a batch. A candidate's episode is computed by exactly the operations of the per-candidate
 * loop ({@link RolloutExecutor}), so its results, stored at its index, do not depend on the lane, the group or the
 * number of threads.
 */
public final class LaneEpisodes {
    /** The ids of the classic-control environments, whose steps cost less than the policy's forward. */
    private static final Set<String> CLASSIC = new ClassicControlProvider().specs().stream().map(EnvSpec::id)
            .collect(Collectors.toUnmodifiableSet());

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

    /**
     * The rule, in this one place, for which rollouts run in lanes: a policy with a lane form (the float32 Euler
     * forward of an ODE network with tanh) on a classic-control environment. Everything else (MuJoCo, whose step
     * dwarfs the forward; float64 rollouts; other solvers, activations and policies) runs per candidate.
     */
    public static boolean covers(Env env, Policy policy) {
        return PolicyLanes.supports(policy) && CLASSIC.contains(env.unwrapped().id());
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
     * Runs candidates of {@code batch}, taking each next index from {@code next}, until none is left.
     *
     * @see RolloutExecutor#run
     */
    void run(RolloutExecutor.Batch batch, AtomicInteger next, double[] shift, double[] scale, double rewardShift,
            RolloutExecutor.Results out) {
        int running = 0;
        for (int l = 0; l < active.length; l++) {
            if (start(l, batch, next, out)) {
                running++;
            }
        }
        while (running > 0) {
            for (int l = 0; l < active.length; l++) {
                if (active[l]) {
                    double[] o = transitions[l].observation;
                    if (stats[l] != null) {
                        stats[l].push(o);
                    }
                    double[] normalised = observations[l];
                    for (int j = 0; j < o.length; j++) {
                        normalised[j] = (o[j] - shift[j]) * scale[j];
                    }
                }
            }
            lanes.act(observations, active, actions);
            for (int l = 0; l < active.length; l++) {
                if (!active[l]) {
                    continue;
                }
                if (!RolloutExecutor.finite(actions[l]) && RolloutExecutor.finite(transitions[l].observation)) {
                    RolloutExecutor.infeasible(candidate[l], steps[l], out);
                    if (!start(l, batch, next, out)) {
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
                    if (!start(l, batch, next, out)) {
                        running--;
                    }
                }
            }
        }
    }

    /**
     * Loads the next candidate that can run into lane {@code l} and resets its environment; candidates whose weight
     * flow diverges are recorded infeasible on the way. Returns false, the lane inactive, when the batch is spent.
     */
    private boolean start(int l, RolloutExecutor.Batch batch, AtomicInteger next, RolloutExecutor.Results out) {
        while (true) {
            int i = next.getAndIncrement();
            if (i >= batch.size()) {
                active[l] = false;
                return false;
            }
            batch.parameters(i, parameters);
            try {
                lanes.load(l, parameters);
            } catch (ArithmeticException diverged) {
                RolloutExecutor.infeasible(i, 0, out);
                continue;
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
}

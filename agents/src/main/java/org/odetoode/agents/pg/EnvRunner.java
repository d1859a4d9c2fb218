package org.odetoode.agents.pg;

import org.odetoode.agents.internal.Seeds;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.envs.Env;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;

/**
 * One training environment and its episode in progress, stepped by the policy-gradient trainer; an episode may span
 * iterations (ppo). Everything random derives from the run seed: the actions of iteration i from (seed, i, index),
 * the reset of episode e from (seed, index, e). So a runner's future depends only on its {@link State}, which a
 * checkpoint holds, and not on the thread that steps it.
 *
 * <p>The time limit is the runner's, not a TimeLimit wrapper's, so that the step count is part of the state: the
 * environment must be made without one; the runner truncates at the same step as the wrapper would.
 */
public final class EnvRunner {
    private static final long ACTION_STREAM = 0x41435453L;
    private static final long RESET_STREAM = 0x52534554L;

    /**
     * How a runner steps.
     *
     * @param seed the run seed
     * @param steps steps per call of {@link #collect}; 0 = to the end of the current episode (reinforce)
     * @param timeLimit steps after which an episode is truncated; 0 = none
     * @param gamma discount of the return that reward scaling tracks and of the truncation bootstrap
     * @param scaleRewards divide rewards by the std of the discounted return (frozen during a call)
     * @param rewardClip clip the trained-on rewards to ±this; 0 = no clip
     * @param bootstrapTruncation add γ·V(final observation) to the reward of a step the time limit cut (ppo)
     * @param recordObservations keep statistics of the raw observations
     */
    public record Settings(long seed, int steps, int timeLimit, double gamma, boolean scaleRewards,
            double rewardClip, boolean bootstrapTruncation, boolean recordObservations) {
    }

    /**
     * A runner between iterations, as a checkpoint stores it.
     *
     * @param state {@code Env.getState()}
     * @param observation the raw observation the policy sees next
     * @param length steps of the current episode
     * @param episodeReturn undiscounted return of the current episode so far
     * @param discountedReturn the running discounted return that reward scaling tracks
     * @param episode index of the current episode (= episodes finished), which seeded its reset
     */
    public record State(double[] state, double[] observation, int length, double episodeReturn,
            double discountedReturn, long episode) {
    }

    private final Env env;
    private final int index;
    private final Settings settings;
    private final double[] observation;
    private final Transition transition;
    private int length;
    private double episodeReturn;
    private double discountedReturn;
    private long episode;

    private EnvRunner(Env env, int index, Settings settings) {
        this.env = env;
        this.index = index;
        this.settings = settings;
        this.observation = new double[env.observationSpace().size()];
        this.transition = new Transition(observation.length);
    }

    /** Environment {@code index} at the start of its first episode. */
    public static EnvRunner start(Env env, int index, Settings settings) {
        EnvRunner r = new EnvRunner(env, index, settings);
        r.reset(0);
        return r;
    }

    /** Environment {@code index} where {@code saved} left it. */
    public static EnvRunner restore(Env env, int index, Settings settings, State saved) {
        EnvRunner r = new EnvRunner(env, index, settings);
        env.setState(saved.state());
        System.arraycopy(saved.observation(), 0, r.observation, 0, r.observation.length);
        r.length = saved.length();
        r.episodeReturn = saved.episodeReturn();
        r.discountedReturn = saved.discountedReturn();
        r.episode = saved.episode();
        return r;
    }

    /** The state to checkpoint. */
    public State save() {
        return new State(env.getState(), observation.clone(), length, episodeReturn, discountedReturn, episode);
    }

    private void reset(long e) {
        env.reset(Seeds.derive(settings.seed(), RESET_STREAM, index, e), transition);
        System.arraycopy(transition.observation, 0, observation, 0, observation.length);
        episode = e;
        length = 0;
        episodeReturn = 0.0;
        discountedReturn = 0.0;
    }

    /**
     * Iteration {@code iteration} of this environment: {@link Settings#steps()} steps, or the rest of the episode,
     * sampling {@code model}'s policy. Observations are normalised with the frozen statistics (shift, scale);
     * rewards are scaled by {@code rewardScale}, clipped and, where the time limit cut an episode, bootstrapped.
     */
    public Trajectory collect(ActorCritic model, long iteration, double[] shift, double[] scale, double rewardScale) {
        Settings s = settings;
        Trajectory tr = new Trajectory(s.steps() > 0 ? s.steps() : Math.min(Math.max(s.timeLimit(), 1), 1024),
                observation.length, s.recordObservations(), s.scaleRewards());
        Rng rng = new Rng(Seeds.derive(s.seed(), ACTION_STREAM, iteration, index));
        Transition t = transition;
        double[] action = new double[model.policy().head().actionSize()];
        boolean done = false;
        while (s.steps() > 0 ? tr.length() < s.steps() : !done) {
            tr.record(observation);
            double[] o = MeanStdFilter.normalise(observation, shift, scale);
            double[] sample = new double[model.distribution().sampleSize()];
            double logProbability = model.act(o, rng, sample, action);
            double value = model.value(o);
            env.step(action, t);
            length++;
            episodeReturn += t.reward;
            boolean truncated = t.truncated || (s.timeLimit() > 0 && length >= s.timeLimit());
            double r = t.reward;
            if (s.scaleRewards()) {
                discountedReturn = discountedReturn * s.gamma() + r;
                tr.recordReturn(discountedReturn);
                r *= rewardScale;
            }
            if (s.rewardClip() > 0) {
                r = Math.max(-s.rewardClip(), Math.min(s.rewardClip(), r));
            }
            done = t.terminated || truncated;
            if (s.bootstrapTruncation() && truncated && !t.terminated) {
                r += s.gamma() * model.value(MeanStdFilter.normalise(t.observation, shift, scale));
            }
            tr.add(o, sample, logProbability, value, r, done);
            if (done) {
                tr.finished(episodeReturn);
                reset(episode + 1);
            } else {
                System.arraycopy(t.observation, 0, observation, 0, observation.length);
            }
        }
        tr.bootstrap(done ? 0.0 : model.value(MeanStdFilter.normalise(observation, shift, scale)));
        return tr;
    }
}

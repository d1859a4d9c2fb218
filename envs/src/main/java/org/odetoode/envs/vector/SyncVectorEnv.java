package org.odetoode.envs.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Space;

/**
 * K copies of an environment stepped in lockstep on the calling thread, as Gymnasium's {@code SyncVectorEnv},
 * writing into a flat {@link VectorTransition}.
 *
 * <p><b>Autoreset: same-step</b> (Gymnasium's {@code AutoresetMode.SAME_STEP}). When a copy terminates or
 * truncates, it is reset within the same {@link #step}: the flags and reward are those of the final step, the
 * observation is the first of the next episode, and the final observation goes to
 * {@link VectorTransition#finalObservations}. Every observation is thus one a policy can act on, and no step
 * is wasted on ignored actions as with Gymnasium 1.x's default next-step mode.
 *
 * <p><b>Seeding:</b> {@code reset(seed)} resets copy {@code i} with seed {@code seed + i}, as Gymnasium's vector
 * environments do; autoresets continue each copy's own RNG. Each copy owns its RNG, so the episodes depend only
 * on the seed, never on timing or threads.
 */
public final class SyncVectorEnv implements AutoCloseable {
    private final Env[] envs;
    private final Transition[] steps;
    private final Transition[] resets;
    private final double[][] actions;
    private final int observationSize;
    private final int actionSize;
    private boolean ready;

    /** Steps the given environments, which must share their spaces. */
    public SyncVectorEnv(List<? extends Env> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("SyncVectorEnv needs at least one environment, got none");
        }
        this.envs = envs.toArray(new Env[0]);
        Space obs = this.envs[0].observationSpace();
        Space act = this.envs[0].actionSpace();
        for (Env e : this.envs) {
            if (!e.observationSpace().equals(obs) || !e.actionSpace().equals(act)) {
                throw new IllegalArgumentException("SyncVectorEnv copies must share their spaces: " + this.envs[0].id()
                        + " has " + obs + " and " + act + ", but " + e.id() + " has " + e.observationSpace() + " and "
                        + e.actionSpace());
            }
        }
        this.observationSize = obs.size();
        this.actionSize = act.size();
        this.steps = new Transition[this.envs.length];
        this.resets = new Transition[this.envs.length];
        this.actions = new double[this.envs.length][actionSize];
        for (int i = 0; i < this.envs.length; i++) {
            steps[i] = new Transition(observationSize);
            resets[i] = new Transition(observationSize);
        }
    }

    /** {@code numEnvs} copies of {@link Envs#make(String, Map)}. */
    public static SyncVectorEnv make(String id, Map<String, ?> overrides, int numEnvs) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("SyncVectorEnv needs numEnvs >= 1, got " + numEnvs);
        }
        List<Env> list = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            list.add(Envs.make(id, overrides));
        }
        return new SyncVectorEnv(list);
    }

    public int numEnvs() {
        return envs.length;
    }

    /** The space of one copy's observation. */
    public Space singleObservationSpace() {
        return envs[0].observationSpace();
    }

    /** The space of one copy's action; a step takes {@code numEnvs()} of them, concatenated. */
    public Space singleActionSpace() {
        return envs[0].actionSpace();
    }

    /** Copy {@code i}, e.g. to read its state. */
    public Env env(int i) {
        return envs[i];
    }

    /** Copy {@code i}'s result of the latest step, before any autoreset: its final observation and info. */
    public Transition lastStep(int i) {
        return steps[i];
    }

    /** A transition sized for this vector env. */
    public VectorTransition newTransition() {
        return new VectorTransition(envs.length, observationSize);
    }

    /** Resets copy {@code i} with seed {@code seed + i}; rewards and flags are cleared. */
    public void reset(long seed, VectorTransition out) {
        requireShape(out);
        for (int i = 0; i < envs.length; i++) {
            envs[i].reset(seed + i, resets[i]);
            System.arraycopy(resets[i].observation, 0, out.observations, i * observationSize, observationSize);
            out.rewards[i] = 0.0;
            out.terminated[i] = false;
            out.truncated[i] = false;
        }
        ready = true;
    }

    /**
     * Steps every copy with its slice of {@code actions} ({@code numEnvs() * actionSize} values) and resets the
     * copies whose episode ended.
     */
    public void step(double[] actions, VectorTransition out) {
        requireShape(out);
        if (!ready) {
            throw new IllegalStateException("SyncVectorEnv of " + envs[0].id() + ": step was called before reset;"
                    + " call reset(seed, out) first");
        }
        if (actions.length != envs.length * actionSize) {
            throw new IllegalArgumentException("SyncVectorEnv of " + envs.length + " x " + envs[0].id() + " expects "
                    + envs.length * actionSize + " action values (" + actionSize + " per copy), got " + actions.length);
        }
        for (int i = 0; i < envs.length; i++) {
            double[] action = this.actions[i];
            System.arraycopy(actions, i * actionSize, action, 0, actionSize);
            Transition t = steps[i];
            envs[i].step(action, t);
            int offset = i * observationSize;
            out.rewards[i] = t.reward;
            out.terminated[i] = t.terminated;
            out.truncated[i] = t.truncated;
            if (t.done()) {
                System.arraycopy(t.observation, 0, out.finalObservations, offset, observationSize);
                envs[i].reset(resets[i]);
                System.arraycopy(resets[i].observation, 0, out.observations, offset, observationSize);
            } else {
                System.arraycopy(t.observation, 0, out.observations, offset, observationSize);
            }
        }
    }

    private void requireShape(VectorTransition out) {
        if (out.numEnvs != envs.length || out.observationSize != observationSize) {
            throw new IllegalArgumentException("SyncVectorEnv has " + envs.length + " copies with observations of "
                    + observationSize + ", but the transition is sized " + out.numEnvs + " x " + out.observationSize
                    + "; use newTransition()");
        }
    }

    @Override
    public void close() {
        for (Env e : envs) {
            e.close();
        }
    }
}

package org.odetoode.envs;

import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Space;

/**
 * A tiny environment for wrapper tests: observation [steps, action0, action1, seed draw], reward = action0,
 * terminates after {@code terminateAfter} steps; Box(-1, 1, (2,)) actions are recorded, not clipped.
 */
public final class FakeEnv implements Env {
    private final int terminateAfter;
    private final Box actionSpace = new Box(new double[] {-1, -2}, new double[] {1, 2}, false);
    private final Box observationSpace = Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 4);
    private final Rng rng = new Rng(0);
    private int steps;
    private double draw;
    /** The last action the environment received. */
    public final double[] lastAction = new double[2];
    public int resets;
    public boolean closed;

    public FakeEnv(int terminateAfter) {
        this.terminateAfter = terminateAfter;
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public void reset(long seed, Transition out) {
        rng.reseed(seed);
        reset(out);
    }

    @Override
    public void reset(Transition out) {
        out.clear();
        steps = 0;
        resets++;
        draw = rng.nextDouble();
        lastAction[0] = 0;
        lastAction[1] = 0;
        write(out.observation);
    }

    @Override
    public void step(double[] action, Transition out) {
        out.clear();
        steps++;
        lastAction[0] = action[0];
        lastAction[1] = action[1];
        out.reward = action[0];
        out.terminated = steps >= terminateAfter;
        write(out.observation);
    }

    private void write(double[] obs) {
        obs[0] = steps;
        obs[1] = lastAction[0];
        obs[2] = lastAction[1];
        obs[3] = draw;
    }

    @Override
    public double[] getState() {
        return new double[] {steps, draw};
    }

    @Override
    public void setState(double[] state) {
        steps = (int) state[0];
        draw = state[1];
    }

    @Override
    public String id() {
        return "Fake-v0";
    }

    @Override
    public void close() {
        closed = true;
    }
}

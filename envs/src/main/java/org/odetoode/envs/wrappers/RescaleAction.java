package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Space;

/**
 * Exposes the action space {@code [min, max]} and maps it affinely onto the wrapped environment's bounded Box,
 * as Gymnasium's {@code RescaleAction}: {@code low + (high - low) (a - min) / (max - min)}. Actions outside
 * {@code [min, max]} map outside the inner box, where the environment clips or not as its reference does.
 */
public final class RescaleAction extends ActionWrapper {
    private final Box actionSpace;

    /** The same {@code [min, max]} in every dimension, e.g. {@code (-1, 1)}. */
    public RescaleAction(Env env, double min, double max) {
        this(env, filled(env.actionSpace().size(), min), filled(env.actionSpace().size(), max));
    }

    public RescaleAction(Env env, double[] min, double[] max) {
        super(env);
        if (min.length != innerActionSpace.size() || max.length != innerActionSpace.size()) {
            throw new IllegalArgumentException("RescaleAction on " + env.id() + ": expected " + innerActionSpace.size()
                    + " bounds, got " + min.length + " min and " + max.length + " max");
        }
        for (int i = 0; i < min.length; i++) {
            if (!(min[i] < max[i]) || !Double.isFinite(min[i]) || !Double.isFinite(max[i])) {
                throw new IllegalArgumentException("RescaleAction on " + env.id() + ": dimension " + i
                        + " needs finite min < max, got [" + min[i] + ", " + max[i] + "]");
            }
            if (!Double.isFinite(innerActionSpace.low(i)) || !Double.isFinite(innerActionSpace.high(i))) {
                throw new IllegalArgumentException("RescaleAction on " + env.id() + ": dimension " + i
                        + " of the action space " + innerActionSpace + " is unbounded; expected finite bounds");
            }
        }
        this.actionSpace = new Box(min, max, innerActionSpace.float32());
    }


    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    protected void map(double[] action, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double low = innerActionSpace.low(i);
            double high = innerActionSpace.high(i);
            out[i] = low + (high - low) * ((action[i] - actionSpace.low(i)) / (actionSpace.high(i) - actionSpace.low(i)));
        }
    }
}

package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Space;

/**
 * Clips each action into the wrapped environment's Box bounds, as Gymnasium's {@code ClipAction}; the action
 * space becomes unbounded. Useful where the reference does not clip itself (e.g. the MountainCarContinuous
 * reward charges the raw action).
 */
public final class ClipAction extends ActionWrapper {
    private final Box actionSpace;

    public ClipAction(Env env) {
        super(env);
        Box inner = innerActionSpace;
        this.actionSpace = new Box(filled(inner.size(), Double.NEGATIVE_INFINITY),
                filled(inner.size(), Double.POSITIVE_INFINITY), inner.float32());
    }


    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    protected void map(double[] action, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(Math.max(action[i], innerActionSpace.low(i)), innerActionSpace.high(i));
        }
    }
}

package org.odetoode.agents.rollout;

import java.util.Locale;

/** Which action head turns the network output into actions. */
public enum HeadKind {
    /** Discrete for a Discrete action space, TANH for a Box. */
    AUTO,
    /** Argmax over one logit per action; needs a Discrete action space. */
    DISCRETE,
    /** Box bounds reached through tanh; needs a Box action space. */
    TANH,
    /** Box bounds by clamping; needs a Box action space. */
    CLIP;

    /** The config spelling. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.odetoode.envs.classic;

import java.util.Locale;

/**
 * The NumPy type the reference would see an action as, for the Box-action ports (keyword {@code action-dtype}).
 *
 * <p>Under NumPy 2 promotion (NEP 50) the reference's arithmetic depends on it: a float32 action turns some
 * products into float32 arithmetic, a Python float does not. Both are real uses of the reference, so the ports
 * reproduce either; the difference is about 1e-10 per step, but it compounds over an episode.
 */
public enum ActionDtype {
    /** The action's values enter as Python floats (e.g. {@code step([0.3])}), as in the golden files; the default. */
    FLOAT64,
    /** The action is a float32 array, as one sampled from the float32 action space (research section 3.3). */
    FLOAT32;

    /** The keyword spelling: {@code float64} or {@code float32}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the keyword value; the message lists the choices. */
    public static ActionDtype parse(String envId, String value) {
        for (ActionDtype d : values()) {
            if (d.keyword().equalsIgnoreCase(value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("Env `" + envId + "` keyword `action-dtype` must be float64 or float32, got `"
                + value + "`");
    }
}

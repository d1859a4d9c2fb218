package org.odetoode.agents.rollout;

import java.util.Locale;

/** Whether observations are normalised by running statistics (ARS V2) or passed through (ARS V1). */
public enum ObservationFilter {
    NONE, MEAN_STD;

    /** The config spelling: {@code none}, {@code mean-std}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

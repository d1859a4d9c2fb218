package org.odetoode.supervised.train;

import java.util.List;
import java.util.Locale;

/** How the learning rate moves over a run: a factor on the configured rate per minibatch. */
public enum Schedule {
    /** The configured rate throughout. */
    CONSTANT,
    /** Half a cosine from the configured rate at the first minibatch down to zero after the last. */
    COSINE;

    /** Every schedule's config spelling. */
    public static final List<String> KEYS = List.of("constant", "cosine");

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The schedule spelled {@code key}. */
    public static Schedule parse(String key) {
        for (Schedule s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown lr-schedule `" + key + "`; expected one of "
                + String.join(", ", KEYS));
    }

    /** The factor for minibatch {@code step} (0-based) of {@code steps} in the run. */
    public double factor(long step, long steps) {
        return switch (this) {
            case CONSTANT -> 1.0;
            case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * step / steps));
        };
    }
}

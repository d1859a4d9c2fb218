package org.odetoode.modules.policy;

import java.util.Arrays;
import java.util.Locale;
import org.odetoode.modules.internal.FastTanh;

/**
 * A Box action from one output per dimension. {@link Squash#TANH} maps output o to low + (tanh(o) + 1)/2·(high − low),
 * so every output is a valid action (dimensions with an infinite bound pass o through); {@link Squash#CLIP} clamps o
 * to [low, high].
 */
public final class BoxHead implements ActionHead {
    /** How raw outputs are brought into the bounds. */
    public enum Squash {
        TANH, CLIP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Squash parse(String s) {
            for (Squash q : values()) {
                if (q.key().equalsIgnoreCase(s.trim())) {
                    return q;
                }
            }
            throw new IllegalArgumentException("Invalid action squash `" + s + "`: expected one of [tanh, clip]");
        }
    }

    private final double[] low;
    private final double[] high;
    private final Squash squash;

    public BoxHead(double[] low, double[] high, Squash squash) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("Box head bounds must have the same, non-zero length: low "
                    + low.length + ", high " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box head dimension " + i + ": low " + low[i] + " > high " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.squash = squash;
    }

    @Override
    public int outputSize() {
        return low.length;
    }

    @Override
    public int actionSize() {
        return low.length;
    }

    /** The squash in use. */
    public Squash squash() {
        return squash;
    }

    @Override
    public void act(double[] output, double[] action) {
        for (int i = 0; i < low.length; i++) {
            double o = output[i];
            if (squash == Squash.CLIP) {
                action[i] = Math.max(low[i], Math.min(high[i], o));
            } else if (Double.isFinite(low[i]) && Double.isFinite(high[i])) {
                action[i] = low[i] + 0.5 * (FastTanh.tanh(o) + 1.0) * (high[i] - low[i]);
            } else {
                action[i] = o;
            }
        }
    }

    @Override
    public String toString() {
        return "BoxHead(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", " + squash.key() + ")";
    }
}

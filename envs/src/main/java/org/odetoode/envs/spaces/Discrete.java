package org.odetoode.envs.spaces;

import org.odetoode.envs.Rng;

/**
 * The integers {@code 0 .. n-1}, carried as a one-element {@code double[]} holding the index.
 *
 * @param n the number of actions
 */
public record Discrete(int n) implements Space {

    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete needs n >= 1, got " + n);
        }
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean contains(double[] x) {
        if (x == null || x.length != 1) {
            return false;
        }
        double v = x[0];
        return v == Math.rint(v) && v >= 0 && v < n;
    }

    @Override
    public void sample(Rng rng, double[] out) {
        out[0] = rng.nextInt(n);
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}

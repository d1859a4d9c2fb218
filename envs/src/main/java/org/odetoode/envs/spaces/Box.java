package org.odetoode.envs.spaces;

import java.util.Arrays;
import org.odetoode.envs.Rng;

/**
 * A box in R^n: {@code low[i] <= x[i] <= high[i]}; bounds may be infinite.
 *
 * @param low lower bounds, one per dimension
 * @param high upper bounds, one per dimension
 * @param float32 whether elements are float32 values (as the reference's dtype), which {@link #contains} checks
 */
public record Box(double[] low, double[] high, boolean float32) implements Space {

    public Box {
        if (low.length != high.length) {
            throw new IllegalArgumentException("Box low has " + low.length + " dimensions but high has " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box dimension " + i + ": low " + low[i] + " must be <= high " + high[i]);
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** A float32 box with the same bounds in every one of {@code n} dimensions. */
    public static Box uniform(double low, double high, int n) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi, true);
    }

    @Override
    public int size() {
        return low.length;
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    /** Bound {@code i} without copying. */
    public double low(int i) {
        return low[i];
    }

    /** Bound {@code i} without copying. */
    public double high(int i) {
        return high[i];
    }

    @Override
    public boolean contains(double[] x) {
        if (x == null || x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            double v = float32 ? (float) x[i] : x[i];
            if (!(v >= low[i] && v <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void sample(Rng rng, double[] out) {
        for (int i = 0; i < low.length; i++) {
            boolean lowFinite = Double.isFinite(low[i]);
            boolean highFinite = Double.isFinite(high[i]);
            double v;
            if (lowFinite && highFinite) {
                v = rng.uniform(low[i], high[i]);
            } else if (lowFinite) {
                v = low[i] - Math.log(1.0 - rng.nextDouble());
            } else if (highFinite) {
                v = high[i] + Math.log(1.0 - rng.nextDouble());
            } else {
                v = rng.nextGaussian();
            }
            out[i] = float32 ? (float) v : v;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && float32 == b.float32 && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high) + (float32 ? 1 : 0);
    }

    /**
     * As Gymnasium prints a Box: {@code Box(-inf, inf, (376,), float64)}; a bound that is the same in every dimension
     * prints once, a varying one as its array, infinities as {@code inf}.
     */
    @Override
    public String toString() {
        return "Box(" + bounds(low) + ", " + bounds(high) + ", (" + low.length + ",), "
                + (float32 ? "float32" : "float64") + ")";
    }

    private String bounds(double[] b) {
        if (b.length > 0 && Arrays.stream(b).allMatch(v -> v == b[0])) {
            return number(b[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(number(b[i]));
        }
        return sb.append(']').toString();
    }

    /** Float32 bounds print at float32 precision (4.8, not 4.800000190734863), as NumPy shows them. */
    private String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return float32 ? Float.toString((float) v) : Double.toString(v);
    }
}

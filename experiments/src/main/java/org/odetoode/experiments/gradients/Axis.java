package org.odetoode.experiments.gradients;

/**
 * One axis of a plot: a single quantity with its unit. A {@code log} axis is drawn on a logarithmic scale when its
 * values span enough of a decade for the scale to matter (see {@link Report}), else on a linear one.
 *
 * @param quantity what the values are, e.g. {@code sigma_max of dx_N/dx_0}
 * @param unit their unit, e.g. {@code time units} or {@link #DIMENSIONLESS}
 * @param log whether the values are positive and may span decades
 */
public record Axis(String quantity, String unit, boolean log) {
    /** The unit of pure numbers: ratios, gains, losses of dimensionless outputs. */
    public static final String DIMENSIONLESS = "dimensionless";
    /** The unit of the flow's time t and horizon T. */
    public static final String TIME = "time units";
    /** The unit of rates along the flow (eigenvalues of a Jacobian of dx/dt, Lyapunov exponents). */
    public static final String PER_TIME = "1/time unit";

    public Axis {
        if (quantity == null || quantity.isBlank() || unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("an axis needs a quantity and a unit, got `" + quantity + "` in `"
                    + unit + "`");
        }
    }

    /** A linear axis. */
    public static Axis linear(String quantity, String unit) {
        return new Axis(quantity, unit, false);
    }

    /** An axis drawn logarithmically when its positive values span decades. */
    public static Axis log(String quantity, String unit) {
        return new Axis(quantity, unit, true);
    }

    /** The axis title: {@code quantity (unit)}. */
    public String label() {
        return quantity + " (" + unit + ")";
    }
}

package org.odetoode.modules.solve;

import java.util.Locale;
import org.odetoode.modules.Names;

/**
 * An explicit Runge-Kutta method as data: its Butcher tableau (Hipparchus style: the stepping lives in one place,
 * {@link org.odetoode.modules.net.OdeNetwork}).
 *
 * <p>Stage i is evaluated at t_k + c_i h. The weight trajectory W(t) is needed at those times, so the parameter flow
 * is sampled on a grid {@code gridResolution} times finer than h; every c_i·gridResolution is an integer.
 */
public enum Tableau {
    /** Explicit Euler: one stage. */
    EULER(new double[][] {{}}, new double[] {1.0}, new double[] {0.0}, 1),
    /** Explicit midpoint: two stages, second order. */
    MIDPOINT(new double[][] {{}, {0.5}}, new double[] {0.0, 1.0}, new double[] {0.0, 0.5}, 2),
    /** The classical fourth-order Runge-Kutta method. */
    RK4(new double[][] {{}, {0.5}, {0.0, 0.5}, {0.0, 0.0, 1.0}},
            new double[] {1.0 / 6.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0}, new double[] {0.0, 0.5, 0.5, 1.0}, 2);

    private final double[][] a;
    private final double[] b;
    private final double[] c;
    private final int gridResolution;

    Tableau(double[][] a, double[] b, double[] c, int gridResolution) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.gridResolution = gridResolution;
    }

    /** Number of stages. */
    public int stages() {
        return b.length;
    }

    /** Coefficient a_ij (j < i). */
    public double a(int i, int j) {
        return j < a[i].length ? a[i][j] : 0.0;
    }

    /** Weight b_i. */
    public double b(int i) {
        return b[i];
    }

    /** Node c_i. */
    public double c(int i) {
        return c[i];
    }

    /** Weight-grid points per step h. */
    public int gridResolution() {
        return gridResolution;
    }

    /** Offset of stage i on the weight grid within one step. */
    public int gridOffset(int i) {
        return (int) Math.round(c[i] * gridResolution);
    }

    /**
     * True when a stage sits at the end of its step (c_i = 1, as in RK4), so that a network reads the weight grid's
     * last point W(T); Euler and midpoint never do.
     */
    public boolean readsStepEnd() {
        for (int i = 0; i < stages(); i++) {
            if (gridOffset(i) == gridResolution) {
                return true;
            }
        }
        return false;
    }

    /** The name used in configs. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config name, e.g. {@code rk4}. */
    public static Tableau parse(String name) {
        return Names.parse("solver", name, values());
    }
}

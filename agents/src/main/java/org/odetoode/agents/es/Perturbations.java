package org.odetoode.agents.es;

/**
 * The search directions ε_1 .. ε_m of one iteration, each a vector of {@code dimension()} values. Kept compact:
 * a noise-table population is m offsets into a table every worker shares, so workers exchange indices, not vectors
 * (Salimans et al. 2017, §2.1).
 */
public interface Perturbations {

    /** Number of directions m. */
    int directions();

    /** Length of each direction (the parameter count). */
    int dimension();

    /** target += scale · ε_i. */
    void addTo(int i, double scale, double[] target);

    /** ε_i as a new array (tests, diagnostics; the hot path uses {@link #addTo}). */
    default double[] direction(int i) {
        double[] e = new double[dimension()];
        addTo(i, 1.0, e);
        return e;
    }
}

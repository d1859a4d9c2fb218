package org.odetoode.agents.es;

/**
 * The candidates of one iteration: antithetic pairs around the centre θ. Candidate {@code 2i} is θ + σε_i and
 * candidate {@code 2i + 1} is θ − σε_i.
 *
 * @param center θ (not copied: treat as read-only)
 * @param sigma σ
 * @param perturbations ε_1 .. ε_m
 */
public record Population(double[] center, double sigma, Perturbations perturbations) {

    /** Number of candidates, 2m. */
    public int size() {
        return 2 * perturbations.directions();
    }

    /** Overwrites {@code out} with candidate {@code c}. */
    public void candidate(int c, double[] out) {
        System.arraycopy(center, 0, out, 0, center.length);
        perturbations.addTo(c / 2, (c % 2 == 0) ? sigma : -sigma, out);
    }
}

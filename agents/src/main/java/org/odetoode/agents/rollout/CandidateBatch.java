package org.odetoode.agents.rollout;

import java.io.Serializable;
import java.util.Arrays;
import org.odetoode.agents.es.NoiseTable;
import org.odetoode.agents.es.PerturbationSampler;
import org.odetoode.agents.es.Population;

/**
 * Antithetic candidates in a form that travels between machines: the centre θ, σ, and per pair k its direction and
 * reset seed. Candidate {@code 2k} is θ + σε_k and {@code 2k + 1} is θ − σε_k; both reset with {@code seeds[k]}.
 * A noise-table direction is its offset alone (the receiver rebuilds the table from its seed); other directions
 * travel as dense rows.
 *
 * @param center θ
 * @param sigma σ
 * @param offsets per pair, the offset of ε_k in the noise table, or null when {@code rows} holds the directions
 * @param rows per pair, ε_k itself, or null when {@code offsets} holds the directions
 * @param seeds per pair, the reset seed of both candidates
 */
public record CandidateBatch(double[] center, double sigma, int[] offsets, double[][] rows, long[] seeds)
        implements Serializable {

    /** The candidates of {@code population}; pair k resets with {@code seeds[k]}. */
    public static CandidateBatch of(Population population, long[] seeds) {
        if (population.perturbations() instanceof PerturbationSampler.TableSlices t) {
            return new CandidateBatch(population.center(), population.sigma(), t.offsets(), null, seeds);
        }
        if (population.perturbations() instanceof PerturbationSampler.DenseRows d) {
            return new CandidateBatch(population.center(), population.sigma(), null, d.rows(), seeds);
        }
        double[][] rows = new double[population.perturbations().directions()][];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = population.perturbations().direction(k);
        }
        return new CandidateBatch(population.center(), population.sigma(), null, rows, seeds);
    }

    /** Number of pairs. */
    public int pairs() {
        return seeds.length;
    }

    /** Number of candidates, twice the pairs. */
    public int size() {
        return 2 * seeds.length;
    }

    /** Pairs {@code [from, to)} as a batch of their own (what one cluster task carries). */
    public CandidateBatch pairs(int from, int to) {
        return new CandidateBatch(center, sigma, offsets == null ? null : Arrays.copyOfRange(offsets, from, to),
                rows == null ? null : Arrays.copyOfRange(rows, from, to), Arrays.copyOfRange(seeds, from, to));
    }

    /** The batch as the rollout executor reads it; {@code table} is the noise table the offsets point into. */
    public RolloutExecutor.Batch episodes(NoiseTable table) {
        return new RolloutExecutor.Batch() {
            @Override
            public int size() {
                return CandidateBatch.this.size();
            }

            @Override
            public void parameters(int i, double[] out) {
                System.arraycopy(center, 0, out, 0, center.length);
                double scale = (i % 2 == 0) ? sigma : -sigma;
                int k = i / 2;
                if (offsets != null) {
                    table.addTo(offsets[k], scale, out);
                } else {
                    double[] row = rows[k];
                    for (int j = 0; j < out.length; j++) {
                        out[j] += scale * row[j];
                    }
                }
            }

            @Override
            public long seed(int i) {
                return seeds[i / 2];
            }
        };
    }
}

package org.odetoode.agents.es;

import org.odetoode.envs.Rng;

/** Draws the directions of one iteration; a pure function of its arguments. */
public interface PerturbationSampler {

    /**
     * @param directions number of directions m
     * @param dimension length of each direction
     * @param seed the iteration's seed
     */
    Perturbations sample(int directions, int dimension, long seed);

    /** Gaussian directions as slices of a shared {@link NoiseTable} at uniformly random offsets. */
    record NoiseTableSampler(NoiseTable table) implements PerturbationSampler {
        @Override
        public Perturbations sample(int directions, int dimension, long seed) {
            if (dimension > table.size()) {
                throw new IllegalArgumentException("noise-table-size " + table.size() + " is smaller than the "
                        + dimension + " parameters of the policy; raise noise-table-size");
            }
            Rng rng = new Rng(seed);
            int[] offsets = new int[directions];
            for (int i = 0; i < directions; i++) {
                offsets[i] = rng.nextInt(table.size() - dimension + 1);
            }
            return new TableSlices(table, offsets, dimension);
        }
    }

    /** Directions stored as offsets into a noise table. */
    record TableSlices(NoiseTable table, int[] offsets, int dimension) implements Perturbations {
        @Override
        public int directions() {
            return offsets.length;
        }

        @Override
        public void addTo(int i, double scale, double[] target) {
            table.addTo(offsets[i], scale, target);
        }
    }

    /** Directions stored as dense rows. */
    record DenseRows(double[][] rows, int dimension) implements Perturbations {
        @Override
        public int directions() {
            return rows.length;
        }

        @Override
        public void addTo(int i, double scale, double[] target) {
            double[] row = rows[i];
            for (int j = 0; j < dimension; j++) {
                target[j] += scale * row[j];
            }
        }
    }
}

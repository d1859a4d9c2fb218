package org.odetoode.supervised.corrupt;

import java.util.random.RandomGenerator;

/**
 * The diamond-square height map of MNIST-C's fog (and ImageNet-C's): a periodic {@value #SIZE}x{@value #SIZE} map,
 * each new point the mean of its four neighbours plus uniform noise of amplitude wibble^2, wibble starting at 100 and
 * divided by {@code decay} per level; rescaled to [0, 1].
 */
final class PlasmaFractal {
    static final int SIZE = 256;

    private PlasmaFractal() {
    }

    /** The map, row-major: entry (r, c) at r * SIZE + c. */
    static double[] generate(double decay, RandomGenerator rng) {
        double[] map = new double[SIZE * SIZE];
        double wibble = 100;
        for (int step = SIZE; step >= 2; step /= 2) {
            int half = step / 2;
            // squares: the centre of each cell from its four corners (the map wraps around)
            for (int r = 0; r < SIZE; r += step) {
                int below = (r + step) % SIZE;
                for (int c = 0; c < SIZE; c += step) {
                    int right = (c + step) % SIZE;
                    double sum = map[r * SIZE + c] + map[below * SIZE + c] + map[r * SIZE + right]
                            + map[below * SIZE + right];
                    map[(r + half) * SIZE + c + half] = sum / 4 + noise(wibble, rng);
                }
            }
            // diamonds on the cells' top edges: the centres below and above, the corners left and right
            for (int r = 0; r < SIZE; r += step) {
                int above = (r - half + SIZE) % SIZE;
                for (int c = 0; c < SIZE; c += step) {
                    int right = (c + step) % SIZE;
                    double sum = map[(r + half) * SIZE + c + half] + map[above * SIZE + c + half]
                            + map[r * SIZE + c] + map[r * SIZE + right];
                    map[r * SIZE + c + half] = sum / 4 + noise(wibble, rng);
                }
            }
            // diamonds on the cells' left edges: the centres right and left, the corners above and below
            for (int r = 0; r < SIZE; r += step) {
                int below = (r + step) % SIZE;
                for (int c = 0; c < SIZE; c += step) {
                    int left = (c - half + SIZE) % SIZE;
                    double sum = map[(r + half) * SIZE + c + half] + map[(r + half) * SIZE + left]
                            + map[r * SIZE + c] + map[below * SIZE + c];
                    map[(r + half) * SIZE + c] = sum / 4 + noise(wibble, rng);
                }
            }
            wibble /= decay;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < map.length; i++) {
            map[i] = (map[i] - min) / (max - min);
        }
        return map;
    }

    private static double noise(double wibble, RandomGenerator rng) {
        return wibble * (-wibble + 2 * wibble * rng.nextDouble());
    }
}

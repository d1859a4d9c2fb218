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

    static double[][] generate(double decay, RandomGenerator rng) {
        double[][] map = new double[SIZE][SIZE];
        double wibble = 100;
        for (int step = SIZE; step >= 2; step /= 2) {
            int half = step / 2;
            int k = SIZE / step;
            // squares: the centre of each cell from its four corners
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double sum = map[i * step][j * step] + map[((i + 1) % k) * step][j * step]
                            + map[i * step][((j + 1) % k) * step] + map[((i + 1) % k) * step][((j + 1) % k) * step];
                    map[half + i * step][half + j * step] = sum / 4 + noise(wibble, rng);
                }
            }
            // diamonds on the cell's top edges: two centres (this row's and the one above) and two corners
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double sum = centre(map, i, j, step) + centre(map, Math.floorMod(i - 1, k), j, step)
                            + map[i * step][j * step] + map[i * step][((j + 1) % k) * step];
                    map[i * step][half + j * step] = sum / 4 + noise(wibble, rng);
                }
            }
            // diamonds on the cell's left edges: two centres (this column's and the one to the left) and two corners
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double sum = centre(map, i, j, step) + centre(map, i, Math.floorMod(j - 1, k), step)
                            + map[i * step][j * step] + map[((i + 1) % k) * step][j * step];
                    map[half + i * step][j * step] = sum / 4 + noise(wibble, rng);
                }
            }
            wibble /= decay;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        for (double[] row : map) {
            for (int j = 0; j < SIZE; j++) {
                row[j] = (row[j] - min) / (max - min);
            }
        }
        return map;
    }

    private static double centre(double[][] map, int i, int j, int step) {
        return map[step / 2 + i * step][step / 2 + j * step];
    }

    private static double noise(double wibble, RandomGenerator rng) {
        return wibble * (-wibble + 2 * wibble * rng.nextDouble());
    }
}

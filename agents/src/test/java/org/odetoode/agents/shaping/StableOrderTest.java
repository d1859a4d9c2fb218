package org.odetoode.agents.shaping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StableOrderTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 500.0};

    /** The reference: a stable library sort of boxed indices under Double.compare. */
    private static int[] boxedOrder(double[] keys) {
        Integer[] order = IntStream.range(0, keys.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> keys[i]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void matchesAStableBoxedSortOnTiesSignedZerosInfinitiesAndNaN() {
        Random rng = new Random(7);
        for (int n = 0; n <= 130; n++) {
            for (int rep = 0; rep < 5; rep++) {
                double[] keys = new double[n];
                for (int i = 0; i < n; i++) {
                    // Few distinct values, so most keys tie; every special value appears.
                    keys[i] = rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextInt(6) - 2.5;
                }
                assertArrayEquals(boxedOrder(keys), StableOrder.ascending(keys), Arrays.toString(keys));
            }
        }
    }

    @Test
    void sortsDistinctKeysOfEveryPermutationOfFive() {
        int[] p = {0, 1, 2, 3, 4};
        do {
            double[] keys = new double[5];
            int[] expected = new int[5];
            for (int i = 0; i < 5; i++) {
                keys[i] = p[i];
                expected[p[i]] = i;
            }
            assertArrayEquals(expected, StableOrder.ascending(keys), Arrays.toString(p));
        } while (nextPermutation(p));
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }
}

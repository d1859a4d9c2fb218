package org.odetoode.agents.shaping;

/**
 * The permutation that sorts a double array ascending under {@link Double#compare} (so −0.0 before 0.0, NaN
 * last), equal keys in index order: the order of {@code Arrays.sort} on boxed indices with that comparator, without
 * the boxes and comparator lambdas. tell runs once per iteration, too rarely for the JIT to compile those before a
 * short run ends, and interpreted they cost 0.1–0.4 ms of every iteration's serial part.
 */
final class StableOrder {
    private StableOrder() {
    }

    /** Indices of {@code keys}, sorted ascending by key, ties by index. */
    static int[] ascending(double[] keys) {
        int n = keys.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Bottom-up merge sort: stable, n log n, one buffer.
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                for (int k = lo; k < hi; k++) {
                    // Take from the right run only when its key is strictly smaller: equal keys keep index order.
                    if (a < mid && (b >= hi || Double.compare(keys[order[b]], keys[order[a]]) >= 0)) {
                        buffer[k] = order[a++];
                    } else {
                        buffer[k] = order[b++];
                    }
                }
            }
            int[] t = order;
            order = buffer;
            buffer = t;
        }
        return order;
    }
}

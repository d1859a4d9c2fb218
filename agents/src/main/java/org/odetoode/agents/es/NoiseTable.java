package org.odetoode.agents.es;

import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.odetoode.agents.internal.Seeds;
import org.odetoode.envs.Rng;

/**
 * A block of standard-normal float32 values shared by all workers, as in Salimans et al. (2017, §2.1): a direction
 * is a slice {@code table[offset .. offset + dimension)}, so a population is described by its offsets alone.
 *
 * <p>The table is a function of (seed, size) only: it is generated in fixed chunks, each from its own derived seed,
 * so building it on any number of threads gives the same values. Tables are cached per (seed, size) and shared.
 */
public final class NoiseTable {
    private static final int CHUNK = 1 << 16;
    private static final Map<String, SoftReference<NoiseTable>> CACHE = new ConcurrentHashMap<>();

    private final float[] values;

    private NoiseTable(long seed, int size) {
        this.values = new float[size];
        IntStream.range(0, (size + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            Rng rng = new Rng(Seeds.derive(seed, chunk, 0, 0));
            int end = Math.min(size, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                values[i] = (float) rng.nextGaussian();
            }
        });
    }

    /** The table for (seed, size), built on first use and shared while memory allows. */
    public static NoiseTable shared(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("noise-table-size must be >= 1, got " + size);
        }
        String key = seed + "/" + size;
        synchronized (CACHE) {
            SoftReference<NoiseTable> ref = CACHE.get(key);
            NoiseTable table = ref == null ? null : ref.get();
            if (table == null) {
                table = new NoiseTable(seed, size);
                CACHE.put(key, new SoftReference<>(table));
            }
            return table;
        }
    }

    /** Number of values. */
    public int size() {
        return values.length;
    }

    /** target[j] += scale · table[offset + j] for j < target.length. */
    public void addTo(int offset, double scale, double[] target) {
        for (int j = 0; j < target.length; j++) {
            target[j] += scale * values[offset + j];
        }
    }
}

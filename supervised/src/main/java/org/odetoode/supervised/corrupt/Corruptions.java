package org.odetoode.supervised.corrupt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.odetoode.supervised.data.ImageDataset;

/** Looking up corruptions by name and applying them to whole datasets, seeded and deterministic. */
public final class Corruptions {
    private Corruptions() {
    }

    /** All 15, in MNIST-C's order. */
    public static List<Corruption> all() {
        return List.of(Corruption.values());
    }

    /** The corruption called {@code name} ({@code shot_noise}, {@code shot-noise} or {@code SHOT_NOISE}). */
    public static Corruption byName(String name) {
        String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Corruption c : Corruption.values()) {
            if (c.name().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown corruption '" + name + "': use one of "
                + Arrays.stream(Corruption.values()).map(Corruption::id).toList());
    }

    /** A comma-separated list of names, or {@code all}, in the order given. */
    public static List<Corruption> parseList(String names) {
        if (names.strip().equalsIgnoreCase("all")) {
            return all();
        }
        return Arrays.stream(names.split(",")).map(Corruptions::byName).distinct().toList();
    }

    /** {@code images} under corruption {@code name} at MNIST-C's severity. */
    public static ImageDataset apply(String name, ImageDataset images, long seed) {
        Corruption c = byName(name);
        return apply(c, c.mnistcSeverity(), images, seed);
    }

    /**
     * {@code images} under {@code corruption}: image i draws from its own generator seeded by (seed, corruption, i),
     * so the result does not depend on the order or the threads that compute it; labels are kept.
     */
    public static ImageDataset apply(Corruption corruption, int severity, ImageDataset images, long seed) {
        corruption.checkSeverity(severity);
        float[][] out = new float[images.size()][];
        IntStream.range(0, images.size()).parallel().forEach(i ->
                out[i] = corruption.apply(images.images()[i], severity, imageRandom(seed, corruption, i)));
        return new ImageDataset(images.rows(), images.cols(), out, images.labels().clone());
    }

    /** The generator of image {@code index}. */
    public static SplittableRandom imageRandom(long seed, Corruption corruption, long index) {
        long mixed = seed * 0x9E3779B97F4A7C15L + (corruption.ordinal() + 1L) * 0xBF58476D1CE4E5B9L
                + index * 0x94D049BB133111EBL;
        return new SplittableRandom(mixed);
    }
}

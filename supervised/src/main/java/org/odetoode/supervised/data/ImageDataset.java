package org.odetoode.supervised.data;

/**
 * Labelled grey images in memory: {@code images[i]} is row-major, {@code rows * cols} pixels in [0, 1] (0 = black
 * background, as in the IDX files); {@code labels[i]} is its class.
 */
public record ImageDataset(int rows, int cols, float[][] images, int[] labels) {
    public ImageDataset {
        if (images.length != labels.length) {
            throw new IllegalArgumentException(images.length + " images but " + labels.length + " labels");
        }
    }

    /** Number of examples. */
    public int size() {
        return images.length;
    }

    /** The first {@code n} examples (all if fewer). */
    public ImageDataset head(int n) {
        int k = Math.min(n, size());
        return new ImageDataset(rows, cols, java.util.Arrays.copyOf(images, k), java.util.Arrays.copyOf(labels, k));
    }
}

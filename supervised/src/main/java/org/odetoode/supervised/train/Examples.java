package org.odetoode.supervised.train;

import org.odetoode.supervised.data.ImageDataset;

/**
 * Labelled images as the trainer reads them: one row of pixels in [0, 1] per image, its class in [0, classes).
 *
 * @param images row-major pixels, one array per image, all of one length
 * @param labels one class per image
 */
public record Examples(double[][] images, int[] labels) {
    public Examples {
        if (images.length != labels.length) {
            throw new IllegalArgumentException(images.length + " images but " + labels.length + " labels");
        }
    }

    /** The images of {@code data} widened to double, as the networks read them. */
    public static Examples of(ImageDataset data) {
        double[][] x = new double[data.size()][];
        for (int i = 0; i < x.length; i++) {
            float[] row = data.images()[i];
            x[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                x[i][j] = row[j];
            }
        }
        return new Examples(x, data.labels());
    }

    public int size() {
        return labels.length;
    }

    /** Pixels per image. */
    public int pixels() {
        return images.length == 0 ? 0 : images[0].length;
    }
}

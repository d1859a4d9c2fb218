package org.odetoode.supervised.train;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The train and test splits of an IDX folder (MNIST's file names, plain or gzipped). A stand-in until the data
 * package's IDX reader is merged; it checks only what training needs.
 */
public final class ImageData {
    /** The datasets {@code --dataset} names. */
    public static final List<String> DATASETS = List.of("fashion-mnist", "mnist");
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;

    private ImageData() {
    }

    /** The folder of {@code dataset} when no --data is given, or null if it has none. */
    public static Path defaultFolder(String dataset) {
        return dataset.equals("fashion-mnist") ? FASHION_MNIST : null;
    }

    public static Examples train(Path dir) {
        return read(dir, "train");
    }

    public static Examples test(Path dir) {
        return read(dir, "t10k");
    }

    private static Examples read(Path dir, String prefix) {
        int[][] images = idx(dir, prefix + "-images-idx3-ubyte", 2051);
        int[][] labels = idx(dir, prefix + "-labels-idx1-ubyte", 2049);
        if (images.length != labels.length) {
            throw new IllegalArgumentException("IDX folder " + dir + ": " + images.length + " " + prefix
                    + " images but " + labels.length + " labels");
        }
        double[][] x = new double[images.length][];
        int[] y = new int[labels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[images[i].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = images[i][j] / 255.0;
            }
            y[i] = labels[i][0];
        }
        return new Examples(x, y);
    }

    /** The items of an IDX file of unsigned bytes, each flattened. */
    private static int[][] idx(Path dir, String name, int magic) {
        Path file = Files.exists(dir.resolve(name)) ? dir.resolve(name) : dir.resolve(name + ".gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Missing IDX file " + dir.resolve(name) + "[.gz]; pass --data DIR"
                    + " with the four MNIST-layout files");
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, 1 << 16))) {
            int m = in.readInt();
            if (m != magic) {
                throw new IllegalArgumentException("IDX file " + file + " has magic number " + m + ", expected "
                        + magic);
            }
            int count = in.readInt();
            int size = 1;
            for (int k = 2; k < (magic & 0xff) + 1; k++) {
                size *= in.readInt();
            }
            int[][] items = new int[count][size];
            byte[] buf = new byte[size];
            for (int i = 0; i < count; i++) {
                in.readFully(buf);
                for (int j = 0; j < size; j++) {
                    items[i][j] = buf[j] & 0xff;
                }
            }
            return items;
        } catch (EOFException e) {
            throw new IllegalArgumentException("IDX file " + file + " is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
